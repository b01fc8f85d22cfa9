import NIOCore
import TrainingService
import Varlink

/// What one fuzz input goes through: the server's framing, JSON parsing, call decoding and the
/// IDL type check of the parameters against trainingd's own interfaces, with invariants that
/// crash (so libFuzzer reports them) when broken.
///
/// The first byte picks the read size the framing sees (so messages split across reads are
/// covered); the rest is the byte stream a client would send.
enum VarlinkFuzzInput {
    static let frameLimit = 4096

    /// Every method of every io.trainingd interface, with its interface's validator.
    static let methods: [(name: String, method: VarlinkMethodDefinition, validator: VarlinkParameterValidator)] = {
        let names = ["System", "Geography", "Events", "People", "Registrations", "Attendance", "Plans", "Reports"]
        return names.flatMap { name -> [(String, VarlinkMethodDefinition, VarlinkParameterValidator)] in
            guard let text = try? InterfaceDescriptions.text(of: "io.trainingd.\(name)"),
                  let interface = try? VarlinkIDLParser.parse(text) else { fatalError("io.trainingd.\(name) does not parse") }
            let validator = VarlinkParameterValidator(interface: interface)
            return interface.methods.map { ("\(interface.name).\($0.name)", $0, validator) }
        }
    }()

    static func run(_ input: [UInt8]) {
        guard let first = input.first else { return }
        let stream = input.dropFirst()
        if first == 0xFF {
            // The IDL parser (clients parse descriptions the server sends).
            _ = try? VarlinkIDLParser.parse(String(decoding: stream, as: UTF8.self))
            return
        }
        for frame in frames(of: Array(stream), readSize: Int(first % 64) + 1) { message(frame) }
    }

    /// The frames NULFrameSplitter cuts from `stream` when it arrives `readSize` bytes at a time,
    /// checked against a plain split on NUL.
    static func frames(of stream: [UInt8], readSize: Int) -> [[UInt8]] {
        var splitter = NULFrameSplitter()
        var buffer = ByteBuffer()
        var frames: [[UInt8]] = []
        var offset = 0
        reading: while offset < stream.count {
            let end = min(offset + readSize, stream.count)
            buffer.writeBytes(stream[offset..<end])
            offset = end
            while true {
                do {
                    guard let frame = try splitter.nextFrame(in: &buffer, limit: frameLimit) else { break }
                    frames.append(Array(frame.readableBytesView))
                } catch {
                    break reading   // too large: the server answers MessageTooLarge and closes
                }
            }
        }
        let expected = stream.split(separator: 0, omittingEmptySubsequences: false).dropLast()
        precondition(frames.count <= expected.count, "more frames than NULs")
        for (frame, plain) in zip(frames, expected) {
            precondition(frame == Array(plain), "frame differs from the bytes between NULs")
            precondition(frame.count <= frameLimit, "frame over the limit")
        }
        return frames
    }

    /// JSON parse (with a round trip through the serializer), call decoding, parameter validation.
    static func message(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(bytes) else { return }
        let reparsed = try? JSONParser.parse(value.jsonBytes, maxDepth: JSONParser.maxDepthLimit)
        precondition(reparsed == value, "JSON round trip changed \(value)")
        guard let call = try? VarlinkCallMessage(json: value) else { return }
        precondition((try? VarlinkCallMessage(json: call.json)) == call, "call round trip changed \(call)")
        // The named method if it exists, else one chosen by the name's bytes: random JSON gets
        // checked against every kind of signature.
        let chosen = methods.first { $0.name == call.method }
            ?? methods[Int(call.method.utf8.reduce(UInt32(0)) { $0 &* 31 &+ UInt32($1) } % UInt32(methods.count))]
        if let failure = chosen.validator.validate(call.parameters, against: chosen.method.input) {
            // The error names a field the caller sent or the method declares (field names
            // themselves may contain '.' or '[').
            let fields = call.parameters.keys + chosen.method.input.map(\.name)
            precondition(fields.contains { failure.path == $0 || failure.path.hasPrefix($0 + ".") || failure.path.hasPrefix($0 + "[") },
                         "\(failure) names no field of \(chosen.name)")
        }
    }
}
