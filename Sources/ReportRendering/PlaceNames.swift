import Varlink

/// A place's name in the three languages, as the daemon gives it (io.trainingd.Reports.Names):
/// only the Russian one is always known, so every other language falls back to it.
public struct PlaceNames: Sendable, Equatable {
    public var ru: String
    public var ky: String?
    public var en: String?

    public init(ru: String, ky: String? = nil, en: String? = nil) {
        self.ru = ru
        self.ky = ky
        self.en = en
    }

    /// The name in `language`, or the Russian one when that is unknown.
    public func name(in language: ReportLanguage) -> String {
        switch language {
        case .ru: return ru
        case .ky: return ky ?? ru
        case .en: return en ?? ru
        }
    }

    init?(_ value: JSONValue?) {
        guard let ru = value?["ru"]?.stringValue else { return nil }
        self.init(ru: ru, ky: value?["ky"]?.stringValue, en: value?["en"]?.stringValue)
    }
}
