/// Rows in PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes
/// for backslash, tab, newline and carriage return. Used to stream import rows into
/// temporary tables (COPY refuses row-level-secured tables, so the rows go through a
/// temporary table and one INSERT … SELECT).
struct CopyText {
    private(set) var bytes: [UInt8] = []

    mutating func row(_ fields: [String?]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(0x09) }
            guard let field else {
                bytes.append(contentsOf: [0x5C, 0x4E])  // \N
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x0A)
    }
}
