import Foundation
import PinganCore
import PinganGeo

/// Recent calls (up to 90 days) in memory, for proposing duplicates of a new call and counting
/// repeat places and callers while the call taker is still on the line.
///
/// Why our own structure: the question is "which of 300,000 recent calls are within 300 m and
/// two hours of this one, or from this number", answered in well under 2 ms, with calls added and
/// closed all day. A database round trip or an R-tree per query is too slow or too heavy; a grid
/// of 500 m cells, each holding its calls in time order, answers the place question (300 m) with
/// a binary search in each of at most four short lists, and a per-number list answers the caller one.
///
/// Layout: one slot per call in structure-of-arrays columns (times, positions, caller keys,
/// interned category and path numbers); every call's text grams sit back to back in one `UInt32`
/// pool. Cells and callers keep parallel arrays of times, slots and positions, so a scan reads
/// memory in order. Dictionaries are touched a handful of times per query (the cells, the
/// number, the call's own id), never inside a scan.
///
/// A value type: the app keeps one in the actor that owns triage; copies are cheap to make and
/// independent (copy on write).
public struct DuplicateIndex: Sendable {
    /// Side of a grid cell, metres.
    public static let cellMeters = 500.0
    /// Largest radius a query may use (duplicates and repeats): keeps every scan to a few cells.
    public static let maxRadiusMeters = 2_000.0

    public let rules: DuplicateRules
    /// Road distance in metres between two places, or nil when there is none (off the network).
    /// When set, a pair within the straight radius is judged on its road distance instead: the
    /// same block across a river or a motorway is not the same place. Only called on the few pairs
    /// that pass the straight-line test.
    public var roadDistance: (@Sendable (Coordinate, Coordinate) -> Double?)?

    /// Calls held now.
    public private(set) var count = 0

    // One slot per call.
    private var ids: [String] = []
    private var times: [Double] = []
    private var lats: [Double] = []
    private var lons: [Double] = []
    private var callerKeys: [UInt64] = []
    /// The standard address's id, "" for none.
    private var addressKeys: [String] = []
    private var categoryOf: [Int32] = []
    private var pathOf: [Int32] = []
    private var isOpen: [Bool] = []
    private var alive: [Bool] = []
    private var cellOf: [Int32] = []
    private var gramStart: [Int] = []
    private var gramCount: [Int32] = []
    private var gramPool: [UInt32] = []
    private var deadGrams = 0
    private var freeSlots: [Int32] = []
    private var slotOf: [String: Int32] = [:]

    // Interned texts.
    private var categoryCodes: [String] = []
    private var categoryNumber: [String: Int32] = [:]
    private var pathTexts: [String] = []
    private var pathNumber: [String: Int32] = [:]

    // Cells and callers, each a list in time order.
    private var cellNumber: [Int64: Int32] = [:]
    private var cells: [TimeList] = []
    private var callers = KeyedTimeLists<UInt64>()
    /// Calls placed at a standard address, by its id.
    private var addresses = KeyedTimeLists<String>()

    /// The calls of one cell or one caller, oldest first, as parallel arrays.
    struct TimeList: Sendable {
        var times: [Double] = []
        var slots: [Int32] = []
        var lats: [Double] = []
        var lons: [Double] = []

        /// First position whose time is at least `t`.
        func lowerBound(_ t: Double) -> Int {
            var lo = 0, hi = times.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if times[mid] < t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        /// First position whose time is after `t`.
        func upperBound(_ t: Double) -> Int {
            var lo = 0, hi = times.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if times[mid] <= t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        mutating func insert(time: Double, slot: Int32, lat: Double, lon: Double) {
            let at = upperBound(time)
            if at == times.count {
                times.append(time); slots.append(slot); lats.append(lat); lons.append(lon)
            } else {
                times.insert(time, at: at); slots.insert(slot, at: at); lats.insert(lat, at: at); lons.insert(lon, at: at)
            }
        }

        mutating func remove(time: Double, slot: Int32) {
            var i = lowerBound(time)
            while i < times.count && times[i] == time {
                if slots[i] == slot {
                    times.remove(at: i); slots.remove(at: i); lats.remove(at: i); lons.remove(at: i)
                    return
                }
                i += 1
            }
        }

        /// Drops the calls before `t` and returns their slots.
        mutating func removeBefore(_ t: Double) -> ArraySlice<Int32> {
            let k = lowerBound(t)
            if k == 0 { return [] }
            let gone = slots[0..<k]
            times.removeFirst(k); slots.removeFirst(k); lats.removeFirst(k); lons.removeFirst(k)
            return gone
        }
    }

    public init(rules: DuplicateRules = .standard, roadDistance: (@Sendable (Coordinate, Coordinate) -> Double?)? = nil) {
        self.rules = rules
        self.roadDistance = roadDistance
    }

    public func contains(id: String) -> Bool { slotOf[id] != nil }

    /// Memory held by the columns, lists and gram pool (strings and dictionaries estimated).
    public var approximateBytes: Int {
        let slots = ids.count
        var b = slots * (16 + 8 * 3 + 8 + 4 * 3 + 2 + 8 + 4) + gramPool.count * 4 + slotOf.count * 40
        for c in cells { b += c.times.count * 28 }
        b += callers.approximateBytes + addresses.approximateBytes
        return b
    }

    // MARK: - Changes

    /// Adds a call, or replaces the one with the same id (a new place, text or status).
    public mutating func upsert(_ call: CallSummary) throws(DomainError) {
        guard call.location.isValid else {
            throw DomainError.invalid("location", "location must be a WGS-84 position with latitude in [-90, 90] and longitude in [-180, 180]")
        }
        let t = call.receivedAt.timeIntervalSince1970
        guard t.isFinite else { throw DomainError.invalid("receivedAt", "receivedAt must be a finite time") }
        if let old = slotOf[call.id] {
            removeSlot(old)
            compactGramsIfWasteful()
        }
        let grams = CharacterGrams.grams(call.description)
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            let s = Int(slot)
            ids[s] = call.id
            times[s] = t
            lats[s] = call.location.lat
            lons[s] = call.location.lon
            callerKeys[s] = CallerNumber.key(call.callerPhone)
            addressKeys[s] = call.addressID ?? ""
            categoryOf[s] = intern(call.category, &categoryCodes, &categoryNumber)
            pathOf[s] = intern(call.path, &pathTexts, &pathNumber)
            isOpen[s] = call.open
            alive[s] = true
            gramStart[s] = gramPool.count
            gramCount[s] = Int32(grams.count)
        } else {
            slot = Int32(ids.count)
            ids.append(call.id)
            times.append(t)
            lats.append(call.location.lat)
            lons.append(call.location.lon)
            callerKeys.append(CallerNumber.key(call.callerPhone))
            addressKeys.append(call.addressID ?? "")
            categoryOf.append(intern(call.category, &categoryCodes, &categoryNumber))
            pathOf.append(intern(call.path, &pathTexts, &pathNumber))
            isOpen.append(call.open)
            alive.append(true)
            cellOf.append(0)
            gramStart.append(gramPool.count)
            gramCount.append(Int32(grams.count))
        }
        let s = Int(slot)
        gramPool.append(contentsOf: grams)
        let key = Self.cellKey(lat: call.location.lat, lon: call.location.lon)
        let cell: Int32
        if let c = cellNumber[key] {
            cell = c
        } else {
            cell = Int32(cells.count)
            cells.append(TimeList())
            cellNumber[key] = cell
        }
        cellOf[s] = cell
        cells[Int(cell)].insert(time: t, slot: slot, lat: call.location.lat, lon: call.location.lon)
        if callerKeys[s] != 0 { callers.insert(callerKeys[s], time: t, slot: slot, lat: call.location.lat, lon: call.location.lon) }
        if !addressKeys[s].isEmpty { addresses.insert(addressKeys[s], time: t, slot: slot, lat: call.location.lat, lon: call.location.lon) }
        slotOf[call.id] = slot
        count += 1
    }

    /// Removes a call (deleted, or merged away and no longer to be proposed). False when absent.
    @discardableResult
    public mutating func remove(id: String) -> Bool {
        guard let slot = slotOf[id] else { return false }
        removeSlot(slot)
        compactGramsIfWasteful()
        return true
    }

    /// Drops every call received before `cutoff` (the app keeps 90 days); returns how many.
    @discardableResult
    public mutating func prune(before cutoff: Date) -> Int {
        let t = cutoff.timeIntervalSince1970
        var removed = 0
        for c in cells.indices {
            let gone = cells[c].removeBefore(t)
            for slot in gone {
                release(slot)
                removed += 1
            }
        }
        callers.prune(before: t)
        addresses.prune(before: t)
        compactGramsIfWasteful()
        return removed
    }

    private mutating func removeSlot(_ slot: Int32) {
        let s = Int(slot)
        cells[Int(cellOf[s])].remove(time: times[s], slot: slot)
        if callerKeys[s] != 0 { callers.remove(callerKeys[s], time: times[s], slot: slot) }
        if !addressKeys[s].isEmpty { addresses.remove(addressKeys[s], time: times[s], slot: slot) }
        release(slot)
    }

    /// Marks a slot free once it is out of every list.
    private mutating func release(_ slot: Int32) {
        let s = Int(slot)
        slotOf[ids[s]] = nil
        ids[s] = ""
        alive[s] = false
        deadGrams += Int(gramCount[s])
        gramCount[s] = 0
        freeSlots.append(slot)
        count -= 1
    }

    private mutating func compactGramsIfWasteful() {
        guard deadGrams > 1 << 16 && deadGrams * 2 > gramPool.count else { return }
        var pool: [UInt32] = []
        pool.reserveCapacity(gramPool.count - deadGrams)
        for s in 0..<ids.count where alive[s] {
            let start = gramStart[s]
            gramStart[s] = pool.count
            pool.append(contentsOf: gramPool[start..<start + Int(gramCount[s])])
        }
        gramPool = pool
        deadGrams = 0
    }

    private func intern(_ text: String, _ table: inout [String], _ numbers: inout [String: Int32]) -> Int32 {
        if let n = numbers[text] { return n }
        let n = Int32(table.count)
        table.append(text)
        numbers[text] = n
        return n
    }

    // MARK: - Grid

    /// Metres per degree of latitude.
    static let metersPerDegree = Geodesy.earthRadius * .pi / 180
    static let cellDegrees = cellMeters / metersPerDegree

    /// Cells are `cellDegrees` tall; each row's cells are as wide in degrees of longitude as make
    /// about 500 m at that row's latitude, so cells stay square-ish from Hainan to Heilongjiang.
    @inline(__always) static func rowWidth(_ row: Int) -> Double {
        let centre = (Double(row) + 0.5) * cellDegrees
        return cellDegrees / max(0.02, cos(centre * .pi / 180))
    }

    @inline(__always) static func cellKey(row: Int, col: Int) -> Int64 {
        Int64(row) << 32 | Int64(UInt32(truncatingIfNeeded: col))
    }

    static func cellKey(lat: Double, lon: Double) -> Int64 {
        let row = Int((lat / cellDegrees).rounded(.down))
        let col = Int((lon / rowWidth(row)).rounded(.down))
        return cellKey(row: row, col: col)
    }

    /// The lists of the cells that overlap a circle of `radius` metres, by index into `cells`.
    private func cellsAround(lat: Double, lon: Double, radius: Double, into out: inout [Int32]) {
        out.removeAll(keepingCapacity: true)
        let dLat = radius / Self.metersPerDegree
        let dLon = dLat / max(0.02, cos(min(89.9, abs(lat) + dLat) * .pi / 180))
        let row0 = Int(((lat - dLat) / Self.cellDegrees).rounded(.down)), row1 = Int(((lat + dLat) / Self.cellDegrees).rounded(.down))
        for row in row0...row1 {
            let w = Self.rowWidth(row)
            let col0 = Int(((lon - dLon) / w).rounded(.down)), col1 = Int(((lon + dLon) / w).rounded(.down))
            for col in col0...col1 {
                if let c = cellNumber[Self.cellKey(row: row, col: col)] { out.append(c) }
            }
        }
    }

    // MARK: - Queries

    /// One scored pair before it becomes a `DuplicateCandidate`.
    struct Hit: Sendable {
        var slot: Int32
        var score: Double
        var distance: Double
        var seconds: Double
        var text: Double
        var sameCategory: Bool
        var sameCaller: Bool
    }

    /// The earlier (or later, up to `now`) calls that `call` may repeat, best first: only those
    /// scoring at least the proposal threshold, at most `limit`, never the call itself. With
    /// `scope`, only calls whose jurisdiction path starts with it (what the dispatcher may see).
    public func candidates(for call: CallSummary, now: Date, limit: Int = 5, scope: String? = nil) -> [DuplicateCandidate] {
        guard limit > 0 else { return [] }
        var hits: [Hit] = []
        scan(call, now: now, minScore: rules.proposalThreshold, scope: scope, into: &hits)
        hits.sort(by: better)
        return hits.prefix(limit).map(candidate)
    }

    /// Repeat counts for the card: other calls near the same place, and from the same number,
    /// over the short and long look-backs ending at `now`.
    public func repeats(for call: CallSummary, now: Date) -> RepeatCounts {
        var counts = RepeatCounts()
        guard call.location.isValid else { return counts }
        let end = now.timeIntervalSince1970
        let shortStart = end - Double(rules.repeatShortDays) * 86_400, longStart = end - Double(rules.repeatLongDays) * 86_400
        let me = slotOf[call.id] ?? -1
        let lat = call.location.lat, lon = call.location.lon
        let ky = Self.metersPerDegree, kx = ky * cos(lat * .pi / 180)
        let r2 = rules.repeatRadiusMeters * rules.repeatRadiusMeters
        var around: [Int32] = []
        cellsAround(lat: lat, lon: lon, radius: rules.repeatRadiusMeters, into: &around)
        for c in around {
            let list = cells[Int(c)]
            var i = list.lowerBound(longStart)
            let n = list.times.count
            list.times.withUnsafeBufferPointer { ts in
                list.lats.withUnsafeBufferPointer { la in
                    list.lons.withUnsafeBufferPointer { lo in
                        list.slots.withUnsafeBufferPointer { sl in
                            while i < n && ts[i] <= end {
                                let dy = (la[i] - lat) * ky, dx = (lo[i] - lon) * kx
                                if dx * dx + dy * dy <= r2 && sl[i] != me {
                                    counts.place90 += 1
                                    if ts[i] >= shortStart { counts.place30 += 1 }
                                }
                                i += 1
                            }
                        }
                    }
                }
            }
        }
        let key = CallerNumber.key(call.callerPhone)
        if key != 0 { (counts.caller90, counts.caller30) = callers.count(key, from: longStart, recent: shortStart, to: end, excluding: me) }
        if let address = call.addressID, !address.isEmpty {
            (counts.address90, counts.address30) = addresses.count(address, from: longStart, recent: shortStart, to: end, excluding: me)
        }
        return counts
    }

    /// Best first: higher score, then closer in time, then the id, so equal scores come out in
    /// the same order every time.
    func better(_ a: Hit, _ b: Hit) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if abs(a.seconds) != abs(b.seconds) { return abs(a.seconds) < abs(b.seconds) }
        return ids[Int(a.slot)] < ids[Int(b.slot)]
    }

    func id(of slot: Int32) -> String { ids[Int(slot)] }

    func candidate(_ h: Hit) -> DuplicateCandidate {
        let distance = (h.distance * 10).rounded() / 10
        let text = (h.text * 1000).rounded() / 1000
        return DuplicateCandidate(
            incidentID: ids[Int(h.slot)], score: (h.score * 1000).rounded() / 1000, distanceMeters: distance, secondsApart: h.seconds,
            sameCaller: h.sameCaller, textSimilarity: text, sameCategory: h.sameCategory,
            reasons: rules.reasons(distanceMeters: h.distance, secondsApart: h.seconds, sameCaller: h.sameCaller,
                                   textSimilarity: h.text, sameCategory: h.sameCategory))
    }

    /// Every call within the windows that scores at least `minScore` against `call` (unsorted).
    func scan(_ call: CallSummary, now: Date, minScore: Double, scope: String?, into hits: inout [Hit]) {
        guard call.location.isValid else { return }
        let t = call.receivedAt.timeIntervalSince1970
        guard t.isFinite else { return }
        let widest = rules.widestWindow
        let from = t - widest, to = min(t + widest, now.timeIntervalSince1970)
        guard from <= to else { return }
        let me = slotOf[call.id] ?? -1
        let lat = call.location.lat, lon = call.location.lon
        let ky = Self.metersPerDegree, kx = ky * cos(lat * .pi / 180)
        let radius = rules.radiusMeters, r2 = radius * radius
        let grams = CharacterGrams.grams(call.description)
        let callerKey = CallerNumber.key(call.callerPhone)
        let category = categoryNumber[call.category] ?? -1
        let w = rules.weights
        let openWindow = rules.openWindow, closedWindow = rules.closedWindow
        // Scope: a small table over the interned paths, filled on first sight of each.
        var inScope = [Int8](repeating: 0, count: scope == nil ? 0 : pathTexts.count)

        func consider(_ slot: Int32, _ time: Double, _ straight: Double, spatial: Bool) {
            let s = Int(slot)
            if slot == me { return }
            let seconds = t - time
            if abs(seconds) > (isOpen[s] ? openWindow : closedWindow) { return }
            let sameCaller = callerKey != 0 && callerKeys[s] == callerKey
            if !spatial && !sameCaller { return }
            if let scope {
                let p = Int(pathOf[s])
                if inScope[p] == 0 { inScope[p] = pathTexts[p].hasPrefix(scope) ? 1 : 2 }
                if inScope[p] == 2 { return }
            }
            var distance = straight
            if spatial, let road = roadDistance {
                distance = road(call.location, Coordinate(lat: lats[s], lon: lons[s])) ?? straight
                if distance > radius && !sameCaller { return }
            }
            let sameCategory = categoryOf[s] == category
            var base = w.place * rules.placeEvidence(meters: distance) + w.time * rules.timeEvidence(seconds: seconds)
            if sameCategory { base += w.category }
            if sameCaller { base += w.caller }
            if min(1, base + w.text) < minScore { return }
            let text = gramPool.withUnsafeBufferPointer { pool in
                grams.withUnsafeBufferPointer { mine in
                    CharacterGrams.similarity(mine, UnsafeBufferPointer(rebasing: pool[gramStart[s]..<gramStart[s] + Int(gramCount[s])]),
                                              measure: rules.textMeasure)
                }
            }
            let score = min(1, base + w.text * text)
            if score < minScore { return }
            hits.append(Hit(slot: slot, score: score, distance: distance, seconds: seconds, text: text,
                            sameCategory: sameCategory, sameCaller: sameCaller))
        }

        var around: [Int32] = []
        cellsAround(lat: lat, lon: lon, radius: radius, into: &around)
        for c in around {
            let list = cells[Int(c)]
            var i = list.lowerBound(from)
            while i < list.times.count && list.times[i] <= to {
                let dy = (list.lats[i] - lat) * ky, dx = (list.lons[i] - lon) * kx
                let d2 = dx * dx + dy * dy
                if d2 <= r2 { consider(list.slots[i], list.times[i], d2.squareRoot(), spatial: true) }
                i += 1
            }
        }
        // The same caller from farther away (the near ones were just considered).
        if callerKey != 0, let list = callers.list(callerKey) {
            var i = list.lowerBound(from)
            while i < list.times.count && list.times[i] <= to {
                let dy = (list.lats[i] - lat) * ky, dx = (list.lons[i] - lon) * kx
                let d2 = dx * dx + dy * dy
                if d2 > r2 { consider(list.slots[i], list.times[i], d2.squareRoot(), spatial: false) }
                i += 1
            }
        }
    }
}
