import Varlink

/// Reading typed fields out of a reply, throwing a ``ReportDecodingError`` naming the path.
struct ReplyField {
    let value: JSONValue?
    let path: String

    init(_ value: JSONValue?, path: String) {
        self.value = value
        self.path = path
    }

    subscript(key: String) -> ReplyField {
        ReplyField(value?[key], path: path.isEmpty ? key : "\(path).\(key)")
    }

    func string() throws(ReportDecodingError) -> String {
        guard let text = value?.stringValue else { throw ReportDecodingError(path: path) }
        return text
    }

    func optionalString() -> String? { value?.stringValue }

    func int() throws(ReportDecodingError) -> Int {
        guard let number = value?.intValue else { throw ReportDecodingError(path: path) }
        return Int(number)
    }

    func double() throws(ReportDecodingError) -> Double {
        guard let number = value?.doubleValue else { throw ReportDecodingError(path: path) }
        return number
    }

    func bool() throws(ReportDecodingError) -> Bool {
        guard let flag = value?.boolValue else { throw ReportDecodingError(path: path) }
        return flag
    }

    /// The elements of an array (an absent optional array reads as empty).
    func array() throws(ReportDecodingError) -> [ReplyField] {
        guard let value, !value.isNull else { return [] }
        guard let elements = value.arrayValue else { throw ReportDecodingError(path: path) }
        return elements.enumerated().map { ReplyField($0.element, path: "\(path)[\($0.offset)]") }
    }

    func strings() throws(ReportDecodingError) -> [String] {
        var texts: [String] = []
        for element in try array() { texts.append(try element.string()) }
        return texts
    }

    func names() throws(ReportDecodingError) -> PlaceNames {
        guard let names = PlaceNames(value) else { throw ReportDecodingError(path: path) }
        return names
    }
}
