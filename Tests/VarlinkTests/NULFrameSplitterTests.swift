import NIOCore
import Testing
@testable import Varlink

@Suite("NUL framing")
struct NULFrameSplitterTests {
    private func frames(_ chunks: [String], limit: Int = 100) throws -> [String] {
        var splitter = NULFrameSplitter()
        var buffer = ByteBuffer()
        var result: [String] = []
        for chunk in chunks {
            buffer.writeString(chunk)
            while let frame = try splitter.nextFrame(in: &buffer, limit: limit) {
                result.append(String(buffer: frame))
            }
        }
        return result
    }

    @Test func messageSplitAcrossReads() throws {
        #expect(try frames(["{\"me", "thod\":", "1}\0"]) == [#"{"method":1}"#])
        #expect(try frames(["ab", "", "c\0d", "e\0"]) == ["abc", "de"])
    }

    @Test func severalMessagesInOneRead() throws {
        #expect(try frames(["a\0bb\0ccc\0dd"]) == ["a", "bb", "ccc"])
        #expect(try frames(["\0\0"]) == ["", ""])
    }

    @Test func oversizeIsAnError() throws {
        #expect(throws: VarlinkFrameError.frameTooLarge(limit: 4)) { try frames(["12345\0"], limit: 4) }
        // Without a NUL: fails as soon as the buffered bytes exceed the limit.
        #expect(throws: VarlinkFrameError.frameTooLarge(limit: 4)) { try frames(["123", "45"], limit: 4) }
        // Exactly the limit is fine, in pieces too.
        #expect(try frames(["12", "34", "\0"], limit: 4) == ["1234"])
    }

    @Test func leavesPartialMessageBuffered() throws {
        var splitter = NULFrameSplitter()
        var buffer = ByteBuffer(string: "one\0tw")
        #expect(try splitter.nextFrame(in: &buffer, limit: 10).map { String(buffer: $0) } == "one")
        #expect(try splitter.nextFrame(in: &buffer, limit: 10) == nil)
        #expect(buffer.readableBytes == 2)
        buffer.writeString("o\0")
        #expect(try splitter.nextFrame(in: &buffer, limit: 10).map { String(buffer: $0) } == "two")
    }
}
