import Foundation
import TestSupport
import Testing
@testable import Varlink

extension FaultSuites {
    /// Well-framed JSON that is still wrong: huge numbers, wrong types, unknown names, `oneway` and
    /// `more` where they do not belong. Each gets a precise error naming what is wrong and the
    /// connection stays usable.
    @Suite("Hostile calls over the real socket")
    struct HostileCallTests {
        /// (what, raw message, expected error name, expected parameters or nil to skip)
        static let cases: [(String, String, String, JSONObject?)] = [
            // Numbers JSON allows but no field can hold are refused by the parser (its documented
            // choice), as a protocol error naming the byte: that connection closes.
            ("an integer beyond Int64", #"{"method":"io.trainingd.System.Grant","parameters":{"tenant":"dpi","uid":99999999999999999999999,"role":"viewer"}}"#,
             "io.trainingd.System.ProtocolError", ["reason": "invalid JSON at byte 73: integer does not fit in 64 bits"]),
            ("a float for an int", #"{"method":"io.trainingd.System.Grant","parameters":{"tenant":"dpi","uid":1.5,"role":"viewer"}}"#,
             "org.varlink.service.InvalidParameter", ["parameter": "uid"]),
            ("1e400", #"{"method":"io.trainingd.Events.ListEvents","parameters":{"tenant":"dpi","limit":1e400}}"#,
             "io.trainingd.System.ProtocolError", nil),
            ("a negative uid", #"{"method":"io.trainingd.System.Grant","parameters":{"tenant":"dpi","uid":-1,"role":"viewer"}}"#,
             "io.trainingd.System.InvalidField", nil),
            ("uid beyond UInt32", #"{"method":"io.trainingd.System.Grant","parameters":{"tenant":"dpi","uid":4294967296,"role":"viewer"}}"#,
             "io.trainingd.System.InvalidField", nil),
            ("a huge limit", #"{"method":"io.trainingd.Events.ListEvents","parameters":{"tenant":"dpi","limit":9223372036854775807}}"#,
             "io.trainingd.System.InvalidField", nil),
            ("a huge negative offset", #"{"method":"io.trainingd.Events.ListEvents","parameters":{"tenant":"dpi","offset":-9223372036854775808}}"#,
             "io.trainingd.System.InvalidField", nil),
            ("a string for an int", #"{"method":"io.trainingd.Events.ListEvents","parameters":{"tenant":"dpi","limit":"ten"}}"#,
             "org.varlink.service.InvalidParameter", ["parameter": "limit"]),
            ("a number for a string", #"{"method":"io.trainingd.System.CreateTenant","parameters":{"slug":5,"name":"Five"}}"#,
             "org.varlink.service.InvalidParameter", ["parameter": "slug"]),
            ("an object for an array", #"{"method":"io.trainingd.Events.ListEvents","parameters":{"tenant":"dpi","status":{"held":true}}}"#,
             "org.varlink.service.InvalidParameter", ["parameter": "status"]),
            ("an unknown enum value", #"{"method":"io.trainingd.System.Grant","parameters":{"tenant":"dpi","uid":1001,"role":"emperor"}}"#,
             "org.varlink.service.InvalidParameter", ["parameter": "role"]),
            ("a wrong type deep inside", #"{"method":"io.trainingd.Attendance.RecordAttendance","parameters":{"tenant":"dpi","event":"E","entries":[{"day":"2019-04-16","status":"present"},{"day":5,"status":"present"}]}}"#,
             "org.varlink.service.InvalidParameter", nil),
            ("null for a required field", #"{"method":"io.trainingd.System.CreateTenant","parameters":{"slug":null,"name":"Null"}}"#,
             "org.varlink.service.InvalidParameter", ["parameter": "slug"]),
            ("an unknown field", #"{"method":"io.trainingd.Geography.ListOblasts","parameters":{"drop_table":"oblast"}}"#,
             "org.varlink.service.InvalidParameter", ["parameter": "drop_table"]),
            ("parameters that are not an object", #"{"method":"io.trainingd.System.Status","parameters":[1,2]}"#,
             "io.trainingd.System.ProtocolError", ["reason": "'parameters' is not an object"]),
            ("an unknown method", #"{"method":"io.trainingd.System.Shutdown"}"#,
             "org.varlink.service.MethodNotFound", ["method": "io.trainingd.System.Shutdown"]),
            ("an unknown interface", #"{"method":"io.trainingd.Payroll.Pay"}"#,
             "org.varlink.service.InterfaceNotFound", ["interface": "io.trainingd.Payroll"]),
            ("a method name without an interface", #"{"method":"Status"}"#,
             "org.varlink.service.InvalidParameter", ["parameter": "method"]),
            ("a streaming method without more", #"{"method":"io.trainingd.Events.Watch","parameters":{"tenant":"dpi"}}"#,
             "org.varlink.service.ExpectedMore", [:]),
            ("SQL in a string", #"{"method":"io.trainingd.Events.GetEvent","parameters":{"tenant":"dpi","event":"x'; DROP TABLE event; --"}}"#,
             "io.trainingd.Events.EventNotFound", ["event": "x'; DROP TABLE event; --"]),
        ]

        @Test func eachIsRefusedPreciselyAndTheConnectionGoesOn() async throws {
            let h = try await HostileHarness.start(prefix: "hostilecall")
            var client = try await h.daemon.connect()
            for (what, message, name, parameters) in Self.cases {
                await client.sendHostile(Array(message.utf8) + [0])
                let outcome = await client.outcome()
                guard case .reply(let reply) = outcome else {
                    Issue.record("\(what): \(outcome)")
                    continue
                }
                #expect(reply.error == name, "\(what): \(outcome)")
                if let parameters { #expect(reply.parameters == parameters, "\(what): \(outcome)") }
                if name == "io.trainingd.System.ProtocolError" {
                    #expect(await client.outcome() == .closed, "\(what)")
                    client = try await h.daemon.connect()
                    continue
                }
                // The same connection is still served.
                #expect(try await client.call("io.trainingd.System.WhoAmI")["uid"] == 0, "after \(what)")
            }
            try await h.checkStillServing(after: "\(Self.cases.count) wrong calls")
            await client.close()
            await h.stop()
        }

        /// `oneway` calls get no reply, not even an error, yet run; the next call on the connection is
        /// answered. `more` on a method that does not stream gets its single reply.
        @Test func onewayAndMoreOnOrdinaryCalls() async throws {
            let h = try await HostileHarness.start(prefix: "hostileoneway")
            let client = try await h.daemon.connect()
            for message in [
                #"{"method":"io.trainingd.System.CreateTenant","parameters":{"slug":"quiet","name":"Oneway"},"oneway":true}"#,
                #"{"method":"io.trainingd.System.CreateTenant","parameters":{"slug":5},"oneway":true}"#,
                #"{"method":"io.trainingd.Nowhere.Nothing","oneway":true}"#,
                #"{"method":"io.trainingd.System.Status","oneway":true}"#,
            ] {
                await client.sendHostile(Array(message.utf8) + [0])
            }
            await client.sendHostile(Array(#"{"method":"io.trainingd.System.ListTenants"}"#.utf8) + [0])
            let outcome = await client.outcome()
            guard case .reply(let reply) = outcome else { Issue.record("\(outcome)"); return }
            // The reply is ListTenants': nothing was answered to the oneway calls before it.
            let slugs = reply.parameters["tenants"]?.arrayValue?.compactMap { $0["slug"]?.stringValue }
            #expect(reply.error == nil && slugs == ["dpi", "quiet"], "\(outcome)")

            await client.sendHostile(Array(#"{"method":"io.trainingd.System.WhoAmI","more":true}"#.utf8) + [0])
            let more = await client.outcome()
            guard case .reply(let single) = more else { Issue.record("\(more)"); return }
            #expect(single.error == nil && !single.continues && single.parameters["uid"] == 0, "\(more)")
            #expect(try await client.call("io.trainingd.System.WhoAmI")["uid"] == 0)
            try await h.checkStillServing(after: "oneway and more")
            await client.close()
            await h.stop()
        }
    }
}
