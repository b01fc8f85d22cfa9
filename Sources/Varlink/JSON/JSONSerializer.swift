/// Compact JSON output (no insignificant whitespace) into a byte array.
///
/// Output is always valid UTF-8 (Swift strings are), control characters are escaped (`\n`, `\t`,
/// ..., `\u00XX`), `"` and `\` are escaped, and everything else is written as is. Object keys keep
/// their order. Non-finite doubles (NaN, ±infinity) have no JSON form and are written as `null`.
/// Integral doubles keep a fraction (`1.0`) so they read back as doubles.
///
/// It writes into `[UInt8]` only: appending byte by byte to a `ByteBuffer` costs a uniqueness and
/// exclusivity check per byte (measured twice as slow); callers copy the array into their buffer once.
enum JSONSerializer {
    static func write(_ value: JSONValue, to sink: inout [UInt8]) {
        switch value {
        case .null: sink.append(staticString: "null")
        case .bool(let flag): sink.append(staticString: flag ? "true" : "false")
        case .int(let number): writeInteger(number, to: &sink)
        case .double(let number):
            if number.isFinite {
                sink.append(string: number.description)
            } else {
                sink.append(staticString: "null")
            }
        case .string(let text): writeString(text, to: &sink)
        case .array(let elements):
            sink.append(byte: UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { sink.append(byte: UInt8(ascii: ",")) }
                first = false
                write(element, to: &sink)
            }
            sink.append(byte: UInt8(ascii: "]"))
        case .object(let object):
            sink.append(byte: UInt8(ascii: "{"))
            var first = true
            for (key, member) in object {
                if !first { sink.append(byte: UInt8(ascii: ",")) }
                first = false
                writeString(key, to: &sink)
                sink.append(byte: UInt8(ascii: ":"))
                write(member, to: &sink)
            }
            sink.append(byte: UInt8(ascii: "}"))
        }
    }

    static func writeInteger(_ number: Int64, to sink: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = 20
            // Work on the magnitude as UInt64 so Int64.min is fine.
            var magnitude = number.magnitude
            repeat {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if number < 0 { sink.append(byte: UInt8(ascii: "-")) }
            sink.append(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(digits)[position...]))
        }
    }

    static func writeString(_ text: String, to sink: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            sink.append(byte: UInt8(ascii: "\""))
            var runStart = 0
            for position in 0..<utf8.count {
                let byte = utf8[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < position {
                    sink.append(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart..<position]))
                }
                runStart = position + 1
                switch byte {
                case UInt8(ascii: "\""): sink.append(staticString: "\\\"")
                case UInt8(ascii: "\\"): sink.append(staticString: "\\\\")
                case 0x0A: sink.append(staticString: "\\n")
                case 0x0D: sink.append(staticString: "\\r")
                case 0x09: sink.append(staticString: "\\t")
                case 0x08: sink.append(staticString: "\\b")
                case 0x0C: sink.append(staticString: "\\f")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    sink.append(staticString: "\\u00")
                    sink.append(byte: hex.utf8Start[Int(byte >> 4)])
                    sink.append(byte: hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            if runStart < utf8.count {
                sink.append(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart...]))
            }
            sink.append(byte: UInt8(ascii: "\""))
        }
    }
}
