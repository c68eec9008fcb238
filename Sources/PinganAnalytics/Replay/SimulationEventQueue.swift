import PinganGeo

/// The pending events of one simulated scenario, earliest first; ties go to the event
/// scheduled first, so a run is a pure function of its inputs.
struct SimulationEventQueue {
    enum Kind: UInt8 { case arriveScene, clearScene, backHome, repositioned, shiftOn, shiftOff, coverageCheck }

    struct Event: Comparable {
        var time: Int64
        var seq: Int64
        var kind: Kind
        var unit: Int32
        var epoch: Int32
        @inline(__always) static func < (a: Event, b: Event) -> Bool { a.time != b.time ? a.time < b.time : a.seq < b.seq }
        static func == (a: Event, b: Event) -> Bool { a.time == b.time && a.seq == b.seq }
    }

    private var heap = BinaryHeap<Event>()
    private var nextSeq: Int64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var peekTime: Int64? { heap.min?.time }

    mutating func push(_ time: Int64, _ kind: Kind, unit: Int32 = -1, epoch: Int32 = 0) {
        heap.insert(Event(time: time, seq: nextSeq, kind: kind, unit: unit, epoch: epoch))
        nextSeq += 1
    }

    mutating func pop() -> Event { heap.removeMin() }
}
