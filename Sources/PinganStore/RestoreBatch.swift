import Foundation
import PinganCore

/// A slice of an exported deployment, restored in order by `Store.restore`.
public struct RestoreBatch: Sendable {
    public var writes: [EntityWrite]
    public var events: [RecordedEvent]
    public var counters: [String: Int]

    public init(writes: [EntityWrite] = [], events: [RecordedEvent] = [], counters: [String: Int] = [:]) {
        self.writes = writes
        self.events = events
        self.counters = counters
    }
}
