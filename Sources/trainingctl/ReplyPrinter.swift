#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Varlink

/// Writes a command's result to stdout: the reply's parameters as pretty JSON with `--json`,
/// otherwise the human text the command lays out.
///
/// Output never contains color or other escape sequences, so NO_COLOR and pipes need no special
/// handling.
struct ReplyPrinter: Sendable {
    /// `--json` was given.
    let json: Bool

    /// Prints `parameters` as JSON, or the text `human` builds from them.
    func emit(_ parameters: JSONObject, human: (JSONObject) -> String) {
        print(json ? PrettyJSON.render(.object(parameters)) : human(parameters), terminator: "")
    }

    /// Prints `parameters` as one pretty JSON document whatever `--json` says (for `call`),
    /// flushed at once so streamed replies show up as they arrive.
    func emitJSON(_ parameters: JSONObject) {
        print(PrettyJSON.render(.object(parameters)), terminator: "")
        fflush(nil)
    }
}
