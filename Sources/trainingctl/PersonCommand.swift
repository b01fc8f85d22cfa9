import ArgumentParser
import Varlink

/// `trainingctl person add|find|merge`: io.trainingd.People.
struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Add, find and merge participants.",
        discussion: """
            A person is matched by a name key (case, word order, ё/е and Latin/Cyrillic \
            spelling do not matter; ң ө ү stay distinct from н о у) with the municipality, or \
            by phone (0555 123456 and +996 555 123456 are the same phone). Adding a likely \
            duplicate is refused with the candidates unless --allow-duplicate.

            Example:
              trainingctl person add "Асанова Айгүл" --sex female --category council_deputy \\
                --municipality 41706207811000 --phone "0555 123456" --birth-year 1984
              trainingctl person find "aigul asan"
              trainingctl person merge KEEP-ID DUPLICATE-ID
            """,
        subcommands: [PersonAddCommand.self, PersonFindCommand.self, PersonMergeCommand.self])

    @OptionGroup var globals: GlobalOptions
}
