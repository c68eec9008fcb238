import Foundation
import PinganCore
import PinganGeo

/// One call of the demo city's stream as its simulated caller makes it (`DemoCallScript`): the
/// time in model seconds, the place, and what the call-taker files — category, priority and
/// description.
public struct DemoCall: Sendable, Equatable {
    /// Local model seconds since 1970, like `CallRecord.time`.
    public var time: Int64
    public var coordinate: Coordinate
    public var category: String
    public var priority: Priority
    public var description: String
    /// What the call is about, for the tests and the simulator's log; the simulated dispatcher
    /// does not read it (it reads the incident's card, as a person does).
    public var kind: Kind
    /// True for a second caller about a call made a minute or two earlier nearby (重复警情).
    public var repeatsEarlierCall: Bool

    public enum Kind: Sendable, Equatable, Hashable {
        case police
        case nonPolice(DemoCallTexts.NonPolice)
        case highRisk
    }

    public init(time: Int64, coordinate: Coordinate, category: String, priority: Priority, description: String, kind: Kind,
                repeatsEarlierCall: Bool = false) {
        self.time = time
        self.coordinate = coordinate
        self.category = category
        self.priority = priority
        self.description = description
        self.kind = kind
        self.repeatsEarlierCall = repeatsEarlierCall
    }
}
