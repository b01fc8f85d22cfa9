import Varlink

/// How events, municipalities and their parts read in trainingctl's human output, shared by
/// the `event` and `geo` commands.
enum EventDisplay {
    /// "Гүлчө / Gülchö": the Kyrgyz name (else the Russian one), then the Latin one if known.
    static func name(_ names: JSONValue?) -> String {
        guard let names else { return "-" }
        let local = names["ky"]?.stringValue ?? names["ru"]?.stringValue ?? "-"
        if let en = names["en"]?.stringValue, en != local { return "\(local) / \(en)" }
        return local
    }

    /// "41706207814000 Гүлчө / Gülchö".
    static func municipality(_ ref: JSONValue?) -> String {
        guard let ref else { return "-" }
        return "\(ref["code"].displayText) \(name(ref["name"]))"
    }

    static func list(_ value: JSONValue?) -> String {
        let items = value?.arrayValue?.compactMap(\.stringValue) ?? []
        return items.isEmpty ? "-" : items.joined(separator: "; ")
    }

    /// The fields of an Event as `key  value` pairs.
    static func eventPairs(_ event: JSONValue?) -> [(key: String, value: String)] {
        guard let event else { return [] }
        var pairs: [(key: String, value: String)] = [
            ("code", event["code"].displayText),
            ("event id", event["event_id"].displayText),
            ("title", event["title"].displayText),
            ("status", event["status"].displayText),
            ("version", event["version"].displayText),
            ("venue", municipality(event["venue"])),
            ("settlement", event["settlement"].displayText),
            ("days", "\(event["first_day"].displayText) to \(event["last_day"].displayText) (\(event["days"].displayText))"),
            ("capacity", event["capacity"].map(\.displayText) ?? "no limit"),
            ("trainers", list(event["trainers"])),
            ("funder", event["funder"].displayText),
        ]
        for (index, module) in (event["modules"]?.arrayValue ?? []).enumerated() {
            pairs.append((index == 0 ? "modules" : "", "\(index + 1). \(module.displayText)"))
        }
        if let notes = event["notes"]?.stringValue { pairs.append(("notes", notes)) }
        pairs += [("created at", event["created_at"].displayText), ("updated at", event["updated_at"].displayText)]
        return pairs
    }

    /// Invitations as a table (nothing when there are none).
    static func invitations(_ value: JSONValue?) -> String {
        let items = value?.arrayValue ?? []
        guard !items.isEmpty else { return "" }
        var table = TableFormatter(headers: ["ROLE", "MUNICIPALITY", "NAME", "INVITED AT"])
        for item in items {
            table.append([item["role"].displayText, item["municipality"]?["code"].displayText ?? "-",
                          name(item["municipality"]?["name"]), item["invited_at"].displayText])
        }
        return "\n" + table.render()
    }

    /// "12 registered, 3 waitlisted, ..." for EventCounts.
    static func counts(_ counts: JSONValue?) -> String {
        guard let counts else { return "-" }
        var text = "\(counts["registered"].displayText) registered, \(counts["waitlisted"].displayText) waitlisted, "
            + "\(counts["cancelled"].displayText) cancelled, \(counts["walk_ins"].displayText) walk-ins, \(counts["attended"].displayText) attended"
        if let seats = counts["seats_left"]?.intValue { text += ", \(seats) seats left" }
        return text
    }
}
