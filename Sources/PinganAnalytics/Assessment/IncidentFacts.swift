import Foundation
import PinganCore
import PinganGeo

/// Every incident's `IncidentFact` as flat columns, one row per incident, kept in the order the
/// calls came in: a period is a binary search for its first and last row, and a year of a
/// city's million calls is a scan of a few contiguous arrays (the dashboard's ≤ 200 ms,
/// `pingan bench stats`). Strings (paths, categories, zones, units) are interned to indexes.
///
/// Rows are upserted by incident ID; a later version replaces an earlier one in place and an
/// earlier one is ignored, so a load from the store and the commits arriving meanwhile can
/// come in any order. A row that arrives out of time order (a load reads newest first) marks
/// the table unsorted until `prepare()` re-sorts it, once, before the next read.
///
/// Memory is about 80 bytes a row plus the ID map (UUID identifiers are kept as 16 bytes).
public struct IncidentFacts: Sendable {
    /// An incident ID as a map key: UUIDs (what the platform generates) as their 16 bytes.
    enum Key: Hashable, Sendable {
        case uuid(UUID)
        case text(String)

        init(_ id: String) {
            if id.utf8.count == 36, let u = UUID(uuidString: id), u.uuidString.lowercased() == id {
                self = .uuid(u)
            } else {
                self = .text(id)
            }
        }
    }

    /// The limits behind the met-standard verdict of incidents nobody has reached yet.
    public let policy: DeadlinePolicy
    /// Arrival limit per priority (P1 first), seconds.
    let arriveLimits: [Double]

    public private(set) var paths = PathTable()
    public private(set) var categories = Interned()
    public private(set) var zones = Interned()
    public private(set) var units = Interned()

    var rowOf: [Key: Int32] = [:]
    var version: [Int32] = []
    /// Seconds since 1970.
    var receivedAt: [Double] = []
    var path: [Int32] = []
    /// -1: in no zone.
    var zone: [Int32] = []
    var category: [Int32] = []
    /// 1...4.
    var priority: [UInt8] = []
    var lat: [Float] = []
    var lon: [Float] = []
    /// Seconds; NaN when the step did not happen.
    var callToDispatch: [Float] = []
    var dispatchToArrival: [Float] = []
    var arrivalToResolved: [Float] = []
    var callToArrival: [Float] = []
    var verdict: [UInt8] = []
    var flags: [UInt8] = []
    /// Seconds since 1970; NaN when the incident owes its station no feedback (due) or has not
    /// given it (done).
    var feedbackDue: [Double] = []
    var feedbackDone: [Double] = []
    /// The units of row r are `unitPool[unitStart[r] ..< unitStart[r] + unitCount[r]]`.
    var unitStart: [Int32] = []
    var unitCount: [UInt8] = []
    var unitPool: [Int32] = []
    /// Pool slots no row points at any more (a row whose unit list grew moved to the end).
    var unitGarbage = 0

    /// Whether the rows are in `receivedAt` order.
    public private(set) var isSorted = true

    public init(policy: DeadlinePolicy = .standard) {
        self.policy = policy
        arriveLimits = Priority.allCases.map { policy.limits(for: $0).arrive }
    }

    /// Strings by dense index, for the columns that hold few distinct values.
    public struct Interned: Sendable {
        public private(set) var names: [String] = []
        private var lookup: [String: Int32] = [:]

        public init() {}

        mutating func intern(_ s: String) -> Int32 {
            if let i = lookup[s] { return i }
            let i = Int32(names.count)
            names.append(s)
            lookup[s] = i
            return i
        }

        public func index(of s: String) -> Int32? { lookup[s] }
        public var count: Int { names.count }
    }

    /// Incidents held.
    public var count: Int { receivedAt.count }

    /// Adds `fact`, or replaces the row of the same incident when `fact` is newer.
    /// - Returns: false when an equal or later version was already held (nothing changed).
    @discardableResult
    public mutating func upsert(_ fact: IncidentFact) -> Bool {
        let key = Key(fact.id)
        let t = fact.receivedAt.timeIntervalSince1970
        let row: Int
        if let existing = rowOf[key] {
            row = Int(existing)
            guard Int(version[row]) < fact.version else { return false }
            if receivedAt[row] != t { isSorted = false }
        } else {
            row = receivedAt.count
            rowOf[key] = Int32(row)
            if let last = receivedAt.last, t < last { isSorted = false }
            version.append(0); receivedAt.append(0); path.append(0); zone.append(-1); category.append(0); priority.append(1)
            lat.append(0); lon.append(0); callToDispatch.append(.nan); dispatchToArrival.append(.nan); arrivalToResolved.append(.nan)
            callToArrival.append(.nan); verdict.append(0); flags.append(0); feedbackDue.append(.nan); feedbackDone.append(.nan)
            unitStart.append(Int32(unitPool.count)); unitCount.append(0)
        }
        version[row] = Int32(clamping: fact.version)
        receivedAt[row] = t
        path[row] = paths.intern(fact.path)
        zone[row] = fact.zone.map { zones.intern($0) } ?? -1
        category[row] = categories.intern(fact.category)
        priority[row] = UInt8(fact.priority.rawValue)
        lat[row] = Float(fact.location.lat)
        lon[row] = Float(fact.location.lon)
        callToDispatch[row] = Float(fact.callToDispatch ?? .nan)
        dispatchToArrival[row] = Float(fact.dispatchToArrival ?? .nan)
        arrivalToResolved[row] = Float(fact.arrivalToResolved ?? .nan)
        callToArrival[row] = Float(fact.callToArrival ?? .nan)
        verdict[row] = fact.verdict.rawValue
        flags[row] = fact.flags.rawValue
        feedbackDue[row] = fact.feedback?.due.timeIntervalSince1970 ?? .nan
        feedbackDone[row] = fact.feedback?.doneAt?.timeIntervalSince1970 ?? .nan
        setUnits(row, fact.units.prefix(255).map { units.intern($0) })
        return true
    }

    private mutating func setUnits(_ row: Int, _ list: [Int32]) {
        let old = Int(unitCount[row])
        if list.count <= old {
            let start = Int(unitStart[row])
            for (i, u) in list.enumerated() { unitPool[start + i] = u }
            unitGarbage += old - list.count
        } else {
            unitGarbage += old
            unitStart[row] = Int32(unitPool.count)
            unitPool.append(contentsOf: list)
        }
        unitCount[row] = UInt8(list.count)
        if unitGarbage > 1024 && unitGarbage > unitPool.count / 2 { compactUnits() }
    }

    private mutating func compactUnits() {
        var pool: [Int32] = []
        pool.reserveCapacity(unitPool.count - unitGarbage)
        for r in 0..<count {
            let s = Int(unitStart[r])
            unitStart[r] = Int32(pool.count)
            pool.append(contentsOf: unitPool[s..<(s + Int(unitCount[r]))])
        }
        unitPool = pool
        unitGarbage = 0
    }

    /// The units of `row`, by interned index.
    @inline(__always) func unitIndexes(of row: Int) -> ArraySlice<Int32> {
        let s = Int(unitStart[row])
        return unitPool[s..<(s + Int(unitCount[row]))]
    }

    /// Re-assigns every row's zone (after the zones were redrawn): `zoneOf` gets the row's
    /// location and answers the zone containing it, if any.
    public mutating func reassignZones(_ zoneOf: (Coordinate) -> String?) {
        for r in 0..<count {
            zone[r] = zoneOf(Coordinate(lat: Double(lat[r]), lon: Double(lon[r]))).map { zones.intern($0) } ?? -1
        }
    }

    /// Puts the rows in `receivedAt` order if an upsert disturbed it (O(n log n), once).
    public mutating func prepare() {
        guard !isSorted else { return }
        let order = (0..<count).sorted { a, b in
            receivedAt[a] != receivedAt[b] ? receivedAt[a] < receivedAt[b] : a < b
        }
        func permute<T>(_ column: inout [T]) { column = order.map { column[$0] } }
        permute(&version); permute(&receivedAt); permute(&path); permute(&zone); permute(&category); permute(&priority)
        permute(&lat); permute(&lon); permute(&callToDispatch); permute(&dispatchToArrival); permute(&arrivalToResolved)
        permute(&callToArrival); permute(&verdict); permute(&flags); permute(&feedbackDue); permute(&feedbackDone)
        permute(&unitStart); permute(&unitCount)
        var newRow = [Int32](repeating: 0, count: count)
        for (new, old) in order.enumerated() { newRow[old] = Int32(new) }
        rowOf = rowOf.mapValues { newRow[Int($0)] }
        isSorted = true
    }

    /// The rows received in `start ..< end`: exact when sorted, else every row (the scan then
    /// checks each row's time; call `prepare()` first to avoid that).
    func rows(from start: Double, to end: Double) -> Range<Int> {
        guard isSorted else { return 0..<count }
        func firstIndex(notBefore t: Double) -> Int {
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if receivedAt[mid] < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let lower = firstIndex(notBefore: start)
        return lower..<max(lower, firstIndex(notBefore: end))   // `start` after `end` is an empty window, never a trap
    }

    /// The time span held, earliest and latest call; nil when empty.
    public var span: ClosedRange<Date>? {
        guard count > 0 else { return nil }
        if isSorted {
            return Date(timeIntervalSince1970: receivedAt[0])...Date(timeIntervalSince1970: receivedAt[count - 1])
        }
        return Date(timeIntervalSince1970: receivedAt.min()!)...Date(timeIntervalSince1970: receivedAt.max()!)
    }

    /// Whether the row of incident `id` is held, and its version.
    public func version(of id: String) -> Int? { rowOf[Key(id)].map { Int(version[Int($0)]) } }
}
