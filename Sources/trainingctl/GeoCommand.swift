import ArgumentParser
import Varlink

/// `trainingctl geo oblasts|districts|municipalities`: the gazetteer (io.trainingd.Geography).
struct GeoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geo",
        abstract: "List oblasts, districts and municipalities of the gazetteer.",
        discussion: """
            Territorial units are keyed by their 14-digit SOATE codes. Anyone holding a role \
            in some tenant may read the gazetteer.

            Example:
              trainingctl geo oblasts
              trainingctl geo districts --oblast 41706000000000
              trainingctl geo municipalities --search гулчо
            """,
        subcommands: [Oblasts.self, Districts.self, Municipalities.self])

    @OptionGroup var globals: GlobalOptions

    /// `geo oblasts`: io.trainingd.Geography.ListOblasts.
    struct Oblasts: DaemonCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the oblasts with their numbers of districts and municipalities.",
            discussion: """
                Example:
                  trainingctl geo oblasts
                """)

        @OptionGroup var globals: GlobalOptions

        func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
            let reply = try await daemon.call("io.trainingd.Geography.ListOblasts")
            printer.emit(reply) { list in
                var table = TableFormatter(headers: ["CODE", "NAME", "RUSSIAN", "DISTRICTS", "MUNICIPALITIES"])
                for oblast in list["oblasts"]?.arrayValue ?? [] {
                    table.append([oblast["code"].displayText, EventDisplay.name(oblast["name"]), oblast["name"]?["ru"].displayText ?? "-",
                                  oblast["districts"].displayText, oblast["municipalities"].displayText])
                }
                return table.render()
            }
        }
    }

    /// `geo districts [--oblast CODE]`: io.trainingd.Geography.ListDistricts.
    struct Districts: DaemonCommand {
        static let configuration = CommandConfiguration(
            abstract: "List districts, all or those of one oblast.",
            discussion: """
                Example:
                  trainingctl geo districts --oblast 41706000000000
                """)

        @OptionGroup var globals: GlobalOptions
        @Option(help: ArgumentHelp("Only the districts of this oblast (SOATE code).", valueName: "code")) var oblast: String?

        func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
            var parameters = JSONObject()
            if let oblast { parameters["oblast"] = .string(oblast) }
            let reply = try await daemon.call("io.trainingd.Geography.ListDistricts", parameters)
            printer.emit(reply) { list in
                var table = TableFormatter(headers: ["CODE", "NAME", "RUSSIAN", "OBLAST", "MUNICIPALITIES"])
                for district in list["districts"]?.arrayValue ?? [] {
                    table.append([district["code"].displayText, EventDisplay.name(district["name"]), district["name"]?["ru"].displayText ?? "-",
                                  EventDisplay.name(district["oblast"]?["name"]), district["municipalities"].displayText])
                }
                return table.render()
            }
        }
    }

    /// `geo municipalities [--oblast] [--district] [--kind] [--search]`: ListMunicipalities.
    struct Municipalities: DaemonCommand {
        static let configuration = CommandConfiguration(
            abstract: "List or search municipalities (aiyl aimaks, towns, cities).",
            discussion: """
                --search looks in the Kyrgyz, Russian and Latin names of the municipality and \
                of its centre, ignoring case, diacritics and the script: "гулчо", "Gulcho" and \
                "Гульча" all find Gülchö. Best matches come first.

                Example:
                  trainingctl geo municipalities --district 41706207000000
                  trainingctl geo municipalities --search гулчо
                  trainingctl geo municipalities --oblast 41704000000000 --kind city --json
                """)

        enum Kind: String, CaseIterable, ExpressibleByArgument { case aiyl_aimak, town, city }

        @OptionGroup var globals: GlobalOptions
        @Option(help: ArgumentHelp("Only those in this oblast (SOATE code).", valueName: "code")) var oblast: String?
        @Option(help: ArgumentHelp("Only those in this district (SOATE code).", valueName: "code")) var district: String?
        @Option(help: "Only those of this kind.") var kind: Kind?
        @Option(help: ArgumentHelp("Text to search in the names (1 to 100 characters).", valueName: "text")) var search: String?
        @Option(help: "At most this many (1 to 1000; default 100).") var limit: Int?
        @Option(help: "Skip this many matches first.") var offset: Int?

        func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
            var parameters = JSONObject()
            if let oblast { parameters["oblast"] = .string(oblast) }
            if let district { parameters["district"] = .string(district) }
            if let kind { parameters["kind"] = .string(kind.rawValue) }
            if let search { parameters["search"] = .string(search) }
            if let limit { parameters["limit"] = .int(Int64(limit)) }
            if let offset { parameters["offset"] = .int(Int64(offset)) }
            let reply = try await daemon.call("io.trainingd.Geography.ListMunicipalities", parameters)
            printer.emit(reply) { list in
                let items = list["municipalities"]?.arrayValue ?? []
                var table = TableFormatter(headers: ["CODE", "KIND", "NAME", "RUSSIAN", "CENTRE", "DISTRICT"])
                for m in items {
                    table.append([m["code"].displayText, m["kind"].displayText, EventDisplay.name(m["name"]), m["name"]?["ru"].displayText ?? "-",
                                  m["centre"].map { EventDisplay.name($0) } ?? "-", m["district"].map { EventDisplay.name($0["name"]) } ?? "-"])
                }
                return table.render() + "\(items.count) of \(list["total"].displayText) shown\n"
            }
        }
    }
}
