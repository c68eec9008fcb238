/// The pending events of one simulated scenario, earliest first; ties go to the event
/// scheduled first, so a run is a pure function of its inputs.
struct SimulationEventQueue {
    enum Kind: UInt8 { case arriveScene, clearScene, backHome, repositioned, shiftOn, shiftOff, coverageCheck }

    struct Event {
        var time: Int64
        var seq: Int64
        var kind: Kind
        var unit: Int32
        var epoch: Int32
        @inline(__always) func before(_ o: Event) -> Bool { time != o.time ? time < o.time : seq < o.seq }
    }

    private var heap: [Event] = []
    private var nextSeq: Int64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var peekTime: Int64? { heap.first?.time }

    mutating func push(_ time: Int64, _ kind: Kind, unit: Int32 = -1, epoch: Int32 = 0) {
        let e = Event(time: time, seq: nextSeq, kind: kind, unit: unit, epoch: epoch)
        nextSeq += 1
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if !e.before(heap[p]) { break }
            heap[i] = heap[p]
            i = p
        }
        heap[i] = e
    }

    mutating func pop() -> Event {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            var i = 0
            let n = heap.count
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var c = l
                if l + 1 < n && heap[l + 1].before(heap[l]) { c = l + 1 }
                if !heap[c].before(last) { break }
                heap[i] = heap[c]
                i = c
            }
            heap[i] = last
        }
        return top
    }
}
