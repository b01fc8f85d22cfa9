import Foundation

/// Reads the migrations of a directory: `NNNN_name.sql` files in version order.
public enum MigrationLoader {
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.unreadable(file: directory.path, reason: "\(error)")
        }
        let migrations = try names.filter { $0.hasSuffix(".sql") }.map { try parse(directory: directory, fileName: $0) }
        let byVersion = Dictionary(grouping: migrations, by: \.version)
        if let duplicate = byVersion.first(where: { $0.value.count > 1 }) {
            throw MigrationError.duplicateVersion(duplicate.key, files: duplicate.value.map(\.fileName).sorted())
        }
        return migrations.sorted { $0.version < $1.version }
    }

    static func parse(directory: URL, fileName: String) throws -> Migration {
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]),
            stem[..<underscore].count == 4, stem.index(after: underscore) < stem.endIndex
        else { throw MigrationError.badFileName(fileName) }
        let bytes = try read(directory.appendingPathComponent(fileName), name: fileName)
        let text = String(decoding: bytes, as: UTF8.self)
        var checksumContent = bytes
        var steps: [Migration.Step] = []
        var pending = ""
        func flush() {
            if !pending.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { steps.append(.sql(pending)) }
            pending = ""
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.hasPrefix("\\copy") else {
                pending += line + "\n"
                continue
            }
            flush()
            let (statement, dataFile) = try CopyLine.translate(String(line), file: fileName, line: index + 1)
            let dataURL = directory.appendingPathComponent(dataFile)
            guard FileManager.default.fileExists(atPath: dataURL.path) else {
                throw MigrationError.missingDataFile(file: fileName, line: index + 1, dataFile: dataFile)
            }
            let data = try read(dataURL, name: dataFile)
            checksumContent += data
            steps.append(.copy(statement: statement, dataFile: dataFile, data: data))
        }
        flush()
        return Migration(version: version, name: String(stem[stem.index(after: underscore)...]), fileName: fileName,
                         steps: steps, contentForChecksum: checksumContent)
    }

    private static func read(_ url: URL, name: String) throws -> [UInt8] {
        do { return Array(try Data(contentsOf: url)) } catch {
            throw MigrationError.unreadable(file: name, reason: error.localizedDescription)
        }
    }
}

/// Turns psql's `\copy TABLE [(COLUMNS)] FROM 'PATH' [WITH (…)]` into `COPY … FROM STDIN …`.
enum CopyLine {
    static func translate(_ text: String, file: String, line: Int) throws -> (statement: String, dataFile: String) {
        let body = text.dropFirst("\\copy".count).trimmingCharacters(in: .whitespaces)
        guard let from = body.range(of: " FROM '", options: .caseInsensitive),
            let close = body[from.upperBound...].firstIndex(of: "'")
        else { throw MigrationError.badCopyLine(file: file, line: line, text: text) }
        let target = body[..<from.lowerBound].trimmingCharacters(in: .whitespaces)
        let path = String(body[from.upperBound..<close])
        var options = body[body.index(after: close)...].trimmingCharacters(in: .whitespaces)
        if options.hasSuffix(";") { options.removeLast() }
        guard !target.isEmpty, !path.isEmpty, !path.hasPrefix("/"), !path.contains("..") else {
            throw MigrationError.badCopyLine(file: file, line: line, text: text)
        }
        return ("COPY \(target) FROM STDIN \(options)".trimmingCharacters(in: .whitespaces), path)
    }
}
