import Foundation
import PinganCore
import PinganStore

/// Reads and switches that change no entity but belong in the audit log: who saw personal
/// data (an unmasked caller, a unit's track history) and why, who switched the demo city.
/// Recorded through the command runner like every change, so they are chained and durable
/// before the data is handed out.
public struct AccessRecords: Sendable {
    let runner: CommandRunner

    /// Records that `user` read `what` of the entity `subject` at `path`.
    public func personalDataRead(_ what: String, subject: String, path: String, reason: String?, detail: String? = nil, by user: User) async throws {
        if let reason { try TextRules.check(reason, field: "reason", max: 200, required: false) }
        let event = try Event(.personalDataRead, subject: subject, path: path,
                              payload: PersonalDataReadData(what: what, reason: reason?.isEmpty == true ? nil : reason, detail: detail))
        _ = try await runner.run(.readPersonalData, by: Actor(user)) { _ in Decision(events: [event], writes: [], output: ()) }
    }

    public func demoSwitched(autoDispatch: Bool, by user: User) async throws {
        let event = try Event(.demoSwitched, subject: "demo", path: "/", payload: DemoSwitchData(autoDispatch: autoDispatch))
        _ = try await runner.run(.switchDemo, by: Actor(user)) { _ in Decision(events: [event], writes: [], output: ()) }
    }
}
