import Foundation
import TrainingCore
import Varlink

/// Reads AddPlanItems' `items` into checked drafts. The IDL validator has already checked the
/// JSON types and enum values; the rules (lengths, amounts, progress, uuids, repeats) are
/// `PlanItemDraft`'s, with errors naming the path, e.g. `items[3].activity`.
enum PlanItemInputParser {
    static func parse(_ objects: [JSONObject]) throws -> [PlanItemDraft] {
        let inputs = try objects.enumerated().map { index, object in try input(object, at: "items[\(index)]") }
        return try PlanItemDraft.list(inputs)
    }

    static func input(_ object: JSONObject, at path: String) throws -> PlanItemDraft.Input {
        func field(_ name: String) -> JSONValue? {
            guard let value = object[name], !value.isNull else { return nil }
            return value
        }
        func text(_ name: String) throws -> String {
            guard let value = field(name)?.stringValue else { throw VarlinkError.invalidParameter("\(path).\(name)") }
            return value
        }
        var status: PlanItemStatus?
        if let value = field("status") {
            guard let parsed = value.stringValue.flatMap(PlanItemStatus.init(rawValue:)) else {
                throw VarlinkError.invalidParameter("\(path).status")
            }
            status = parsed
        }
        return PlanItemDraft.Input(
            itemID: field("item_id")?.stringValue, priorityIssue: try text("priority_issue"), activity: try text("activity"),
            responsible: try text("responsible"), dueDate: field("due_date")?.stringValue,
            localBudget: field("local_budget")?.intValue, community: field("community")?.intValue, donor: field("donor")?.intValue,
            status: status, progress: field("progress_percent")?.intValue, progressNote: field("progress_note")?.stringValue)
    }
}
