import ArgumentParser
import Foundation
import Varlink

/// `trainingctl plan items PLAN_ID`: io.trainingd.Plans.AddPlanItems.
struct PlanItemsCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "Add items to a plan or replace them (progress monitoring).",
        discussion: """
            One item from the options, or many from a CSV file (--file) whose header row names \
            the columns: priority_issue, activity, responsible (required), item_id, due_date, \
            local_budget, community, donor (whole som), status (planned, in_progress, done, \
            dropped), progress_percent, progress_note. An item_id of the plan replaces that item; \
            a new item_id creates the item under it, so running the same file again adds \
            nothing twice. Items of a completed or abandoned plan cannot change.

            Example:
              trainingctl plan items 5f0c2a9e-3b1d-4c6e-9a7f-2d8e1b4c6a90 --issue "Drinking water in Кара-Суу" \\
                --activity "Repair the pipeline" --responsible "Aiyl okmotu" --local-budget 150000 --donor 800000
              trainingctl plan items 5f0c2a9e-3b1d-4c6e-9a7f-2d8e1b4c6a90 --file items.csv
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The plan's uuid.", valueName: "plan-id")) var plan: String
    @Option(help: ArgumentHelp("CSV file of items, with a header row.", valueName: "file")) var file: String?
    @Option(help: ArgumentHelp("Item uuid: replaces that item, or creates it under this uuid.", valueName: "uuid")) var itemID: String?
    @Option(help: ArgumentHelp("The local issue addressed.", valueName: "text")) var issue: String?
    @Option(help: ArgumentHelp("The action planned.", valueName: "text")) var activity: String?
    @Option(help: ArgumentHelp("Who is responsible.", valueName: "text")) var responsible: String?
    @Option(help: ArgumentHelp("Due date.", valueName: "day")) var due: String?
    @Option(help: ArgumentHelp("From the local budget, som.", valueName: "som")) var localBudget: Int64?
    @Option(help: ArgumentHelp("Community contribution, som.", valueName: "som")) var community: Int64?
    @Option(help: ArgumentHelp("From the donor, som.", valueName: "som")) var donor: Int64?
    @Option(name: .customLong("item-status"), help: "The item's status (default planned).") var itemStatus: PlanItemStatusArgument?
    @Option(help: ArgumentHelp("Progress, 0 to 100 (default 0, 100 when done).", valueName: "percent")) var progress: Int64?
    @Option(help: ArgumentHelp("Progress note.", valueName: "text")) var progressNote: String?

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let items = try readItems()
        let reply = try await daemon.callPlans("io.trainingd.Plans.AddPlanItems", tenantScoped(["plan_id": .string(plan), "items": .array(items)]))
        printer.emit(reply) { added in
            PlanDisplay.items(added["items"]?.arrayValue ?? [])
                + "\(added["created"].displayText) created, \(added["replaced"].displayText) replaced; plan: \(added["plan"]?["items"].displayText ?? "-") items, "
                + "budget \(PlanDisplay.budget(added["plan"]?["budget"])) KGS\n"
        }
    }

    private func readItems() throws(CtlError) -> [JSONValue] {
        let single: [String: String?] = ["--issue": issue, "--activity": activity, "--responsible": responsible]
        if let file {
            let given = single.filter { $0.value != nil }.keys.sorted()
            guard given.isEmpty && itemID == nil && due == nil && localBudget == nil && community == nil && donor == nil
                    && itemStatus == nil && progress == nil && progressNote == nil else {
                throw .usage("--file and the options of a single item (\(given.isEmpty ? "--item-id, --due, ..." : given.joined(separator: ", "))) exclude each other")
            }
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw .usage("cannot read \(file): \((error as NSError).localizedDescription)")
            }
            return try PlanItemsCSV.read(bytes, file: file)
        }
        guard let issue, let activity, let responsible else {
            throw .usage("give --issue, --activity and --responsible for one item, or --file items.csv for many")
        }
        var item: JSONObject = ["priority_issue": .string(issue), "activity": .string(activity), "responsible": .string(responsible)]
        if let itemID { item["item_id"] = .string(itemID) }
        if let due { item["due_date"] = .string(due) }
        if let localBudget { item["local_budget"] = .int(localBudget) }
        if let community { item["community"] = .int(community) }
        if let donor { item["donor"] = .int(donor) }
        if let itemStatus { item["status"] = .string(itemStatus.rawValue) }
        if let progress { item["progress_percent"] = .int(progress) }
        if let progressNote { item["progress_note"] = .string(progressNote) }
        return [.object(item)]
    }
}
