/// A name in the three languages of the gazetteer. Only the Russian one (the SOATE
/// classifier's spelling) is always known.
public struct LocalizedNames: Sendable, Equatable, Codable {
    public var ru: String
    public var ky: String?
    public var en: String?

    public init(ru: String, ky: String? = nil, en: String? = nil) {
        self.ru = ru
        self.ky = ky
        self.en = en
    }
}
