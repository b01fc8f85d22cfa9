import Varlink

/// The replies of the calls of one `import`, combined into one outcome table and summary.
struct ImportOutcomeReport {
    let replies: [JSONObject]

    var outcomes: [JSONValue] { replies.flatMap { $0["outcomes"]?.arrayValue ?? [] } }

    func total(_ key: String) -> Int {
        replies.reduce(0) { $0 + Int($1["summary"]?[key]?.intValue ?? 0) }
    }

    var rejected: Int { total("rejected") }

    /// What --json prints: the keys used, whether every call replayed or committed, the summed
    /// summary and every outcome.
    var combined: JSONObject {
        [
            "idempotency_keys": .array(replies.map { $0["idempotency_key"] ?? .null }),
            "replayed": .bool(replies.allSatisfy { $0["replayed"]?.boolValue == true }),
            "committed": .bool(replies.allSatisfy { $0["committed"]?.boolValue == true }),
            "summary": .object(JSONObject(["rows", "created", "matched", "waitlisted", "rejected", "people_created"].map { ($0, .int(Int64(total($0)))) })),
            "outcomes": .array(outcomes),
        ]
    }

    func table(names: [Int: String]) -> String {
        var table = TableFormatter(headers: ["LINE", "OUTCOME", "NAME", "STATUS", "PERSON", "DETAIL"])
        for outcome in outcomes {
            let line = Int(outcome["row"]?.intValue ?? 0)
            var detail: [String] = []
            if let field = outcome["field"]?.stringValue { detail.append("\(field): \(outcome["reason"].displayText)") }
            if let candidates = outcome["candidates"]?.arrayValue, !candidates.isEmpty {
                detail.append("candidates \(candidates.map(\.displayText).joined(separator: " "))")
            }
            if outcome["already_registered"]?.boolValue == true { detail.append("already registered") }
            if outcome["person_created"]?.boolValue == true && outcome["outcome"]?.stringValue == "waitlisted" { detail.append("new person") }
            table.append([String(line), outcome["outcome"].displayText, names[line] ?? "-", outcome["registration_status"].displayText,
                          outcome["person_id"].displayText, detail.isEmpty ? "-" : detail.joined(separator: "; ")])
        }
        let keys = replies.compactMap { $0["idempotency_key"]?.stringValue }
        let committed = replies.allSatisfy { $0["committed"]?.boolValue == true }
        let replayed = replies.allSatisfy { $0["replayed"]?.boolValue == true }
        var summary = "\(total("rows")) rows: \(total("created")) created, \(total("matched")) matched, \(total("waitlisted")) waitlisted, "
            + "\(rejected) rejected; \(total("people_created")) new people"
        summary += replayed ? "; replayed: this file was imported before, nothing changed" : (committed ? "; committed" : "; nothing committed")
        summary += " (key \(keys.count == 1 ? keys[0] : "\(keys.first ?? "-") … \(keys.count) calls"))"
        return table.render() + summary + "\n"
    }
}
