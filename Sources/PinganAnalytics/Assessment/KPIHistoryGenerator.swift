import Foundation
import PinganCore
import PinganGeo

/// A generated city and its incident history, seeded, for measuring the assessment at scale
/// (`pingan bench stats`, and the daily report's benchmark): `districts × stationsPerDistrict`
/// stations under one city, each with its units and patrol zones, and `incidents` calls spread
/// over the `days` before `end`. Synthetic, and said so wherever its figures are printed.
///
/// What makes it realistic enough to exercise every figure:
/// - **When**: calls follow a daily curve (quiet at 04:00, busiest 10:00–22:00) and a weekly
///   one (Fridays and Saturdays 15% busier), at a rate growing 10% over the span.
/// - **Where**: stations differ in call volume (log-normal, σ 0.6) and in speed (a log-normal
///   factor, σ 0.25, on travel time; the outer districts' stations 40% slower), so the league
///   has a top, a bottom and stations below their targets.
/// - **What**: categories in a fixed mix led by disputes, public order and traffic; P1 8%,
///   P2 30%, P3 45%, P4 17%.
/// - **How fast**: call → dispatch log-normal around 40 s (P1 faster, P4 slower), dispatch →
///   arrival log-normal around 200 s × station speed × priority, arrival → resolved around
///   25 min, feedback around 3 h after resolution with a long tail (some late).
/// - **Fates**: 2% duplicate calls merged, 2% cancelled, 4% referred to an agency (most closed
///   by its feedback), 1.5% flagged high-risk; calls of the last days still open in proportion.
/// - **Who**: one unit of the station (75%), two (20%) or three (5%) of its `unitsPerStation`.
public struct KPIHistoryGenerator: Sendable {
    public var districts = 10
    public var stationsPerDistrict = 10
    public var unitsPerStation = 6
    public var zonesPerStation = 3
    public var incidents = 1_000_000
    /// Days of history before `end` (13 months by default: a year and its 同比 month).
    public var days = 396
    public var end: Date
    public var seed: UInt64 = 19

    public init(end: Date) {
        self.end = end
    }

    /// The generated organisation.
    public struct City: Sendable {
        public var city: Jurisdiction
        /// The districts, then the stations (a district sets stricter targets, see `generate`).
        public var jurisdictions: [Jurisdiction]
        public var stations: [Jurisdiction]
        /// Unit ID → its station's path.
        public var unitPaths: [String: String]
        /// Zone ID → its station's path.
        public var zonePaths: [String: String]
        /// Names by key: jurisdictions, units (callsigns), zones.
        public var names: [String: String]
        /// Every jurisdiction's path, for a `KPIQuery`.
        public var paths: [String] { [city.path] + jurisdictions.map(\.path) }
    }

    struct StationPlan {
        var station: Jurisdiction
        var weight: Double
        var speed: Double
        var units: [String]
        var zones: [String]
    }

    /// The city: `/bench-city/` with districts `d01…` and stations `d01-s01…`; the first district
    /// sets its own response targets (a 92% met rate), every other jurisdiction inherits the standard.
    public func city() -> City {
        let cityID = JurisdictionID("bench-city")
        let centre = Coordinate(lat: 31.23, lon: 121.47)
        let city = Jurisdiction(id: cityID, parentID: nil, level: .city, code: "BC", name: "基准市", nameEn: "Bench City", location: centre,
                                path: "/bench-city/")
        var jurisdictions: [Jurisdiction] = [], stations: [Jurisdiction] = []
        var unitPaths: [String: String] = [:], zonePaths: [String: String] = [:], names: [String: String] = [cityID.rawValue: city.name]
        let side = Int(Double(districts).squareRoot().rounded(.up))
        for d in 0..<districts {
            let did = String(format: "d%02d", d + 1)
            let dLoc = Coordinate(lat: centre.lat + (Double(d / side) - Double(side) / 2) * 0.08, lon: centre.lon + (Double(d % side) - Double(side) / 2) * 0.09)
            var district = Jurisdiction(id: JurisdictionID(did), parentID: cityID, level: .district, code: did.uppercased(), name: "\(did)分局",
                                        location: dLoc, path: city.path + did + "/")
            if d == 0 {
                district.policy = JurisdictionPolicy(responseTargets: ResponseTargets(minMetRate: 0.92, maxP90ArrivalSeconds: 900,
                                                                                       maxOverdueFeedbackRate: 0.05, minIncidents: 20))
            }
            jurisdictions.append(district)
            names[did] = district.name
            for s in 0..<stationsPerDistrict {
                let sid = did + String(format: "-s%02d", s + 1)
                let angle = Double(s) / Double(max(1, stationsPerDistrict)) * 2 * .pi
                let loc = Coordinate(lat: dLoc.lat + 0.025 * sin(angle), lon: dLoc.lon + 0.03 * cos(angle))
                let station = Jurisdiction(id: JurisdictionID(sid), parentID: district.id, level: .station, code: sid.uppercased(),
                                           name: "\(sid)派出所", location: loc, path: district.path + sid + "/")
                jurisdictions.append(station)
                stations.append(station)
                names[sid] = station.name
                for u in 0..<unitsPerStation {
                    let uid = "\(sid)-u\(u + 1)"
                    unitPaths[uid] = station.path
                    names[uid] = "\(sid.uppercased())-\(u + 1)"
                }
                for z in 0..<zonesPerStation {
                    let zid = "\(sid)-z\(z + 1)"
                    zonePaths[zid] = station.path
                    names[zid] = "\(sid)巡区\(z + 1)"
                }
            }
        }
        return City(city: city, jurisdictions: jurisdictions, stations: stations, unitPaths: unitPaths, zonePaths: zonePaths, names: names)
    }

    /// Hour-of-day weights (CST), 00 to 23.
    static let hourly: [Double] = [0.55, 0.42, 0.33, 0.27, 0.25, 0.3, 0.45, 0.7, 0.9, 1.0, 1.08, 1.1, 1.05, 1.0, 1.02, 1.05, 1.08, 1.12,
                                   1.18, 1.2, 1.18, 1.1, 0.95, 0.75]
    static let categoryMix: [(String, Double)] = [("dispute", 0.2), ("publicOrder", 0.18), ("traffic", 0.15), ("assistance", 0.12),
                                                  ("criminal", 0.1), ("complaint", 0.07), ("suspicious", 0.06), ("inquiry", 0.04),
                                                  ("fire", 0.02), ("disaster", 0.02), ("other", 0.04)]
    static let priorityMix: [Double] = [0.08, 0.30, 0.45, 0.17]

    /// Calls `body` with every generated incident, oldest first, and the zone it lies in.
    public func generate(for city: City, _ body: (Incident, _ zone: String?) -> Void) {
        var rng = SeededRandom(seed: seed)
        var plans: [StationPlan] = []
        var weightSum = 0.0
        for (i, s) in city.stations.enumerated() {
            let outer = i / max(1, stationsPerDistrict) >= districts - 2
            let weight = exp(0.6 * rng.normal())
            weightSum += weight
            plans.append(StationPlan(station: s, weight: weight, speed: exp(0.25 * rng.normal()) * (outer ? 1.4 : 1.0),
                                     units: (0..<unitsPerStation).map { "\(s.id.rawValue)-u\($0 + 1)" },
                                     zones: (0..<zonesPerStation).map { "\(s.id.rawValue)-z\($0 + 1)" }))
        }
        let stationCumulative = Self.cumulative(plans.map { $0.weight / weightSum })
        let hourCumulative = Self.cumulative(Self.hourly)
        let categoryCumulative = Self.cumulative(Self.categoryMix.map(\.1))
        let priorityCumulative = Self.cumulative(Self.priorityMix)
        // Day weights: weekly shape times a 10% rise over the span.
        let firstDay = ReportDay(containing: end).advanced(by: -days)
        let dayWeights = (0..<days).map { d -> Double in
            let weekday = KPIPeriod.isoWeekday(firstDay.advanced(by: d))
            return (weekday == 5 || weekday == 6 ? 1.15 : 1.0) * (1 + 0.1 * Double(d) / Double(max(1, days)))
        }
        let daySum = dayWeights.reduce(0, +)
        let endT = end.timeIntervalSince1970
        var n = 0
        for d in 0..<days {
            // This day's share of the calls, the remainder carried so the total is exact.
            let target = Int((Double(incidents) * dayWeights[0...d].reduce(0, +) / daySum).rounded())
            let today = max(0, min(incidents, d == days - 1 ? incidents : target) - n)
            var times = (0..<today).map { _ -> Double in
                let hour = Self.pick(hourCumulative, &rng)
                return firstDay.advanced(by: d).start.timeIntervalSince1970 + Double(hour) * 3600 + rng.uniform() * 3600
            }
            times.sort()
            for t in times where t < endT {
                n += 1
                let plan = plans[Self.pick(stationCumulative, &rng)]
                let (incident, zone) = make(n, at: t, plan: plan, category: Self.categoryMix[Self.pick(categoryCumulative, &rng)].0,
                                            priority: Priority(rawValue: Self.pick(priorityCumulative, &rng) + 1) ?? .p3, rng: &rng)
                body(incident, zone)
            }
        }
    }

    /// The whole history as facts, ready to query.
    public func facts(for city: City) -> IncidentFacts {
        var facts = IncidentFacts()
        generate(for: city) { incident, zone in facts.upsert(IncidentFact(incident, zone: zone)) }
        facts.prepare()
        return facts
    }

    private func make(_ n: Int, at t: Double, plan: StationPlan, category: String, priority: Priority,
                      rng: inout SeededRandom) -> (Incident, String?) {
        let s = plan.station
        let received = Date(timeIntervalSince1970: t)
        let loc = s.location ?? Coordinate(lat: 31.23, lon: 121.47)
        var i = Incident(id: IncidentID(String(format: "bench-%07d", n)), number: "\(s.code)-\(n)", jurisdictionID: s.id, category: category,
                         priority: priority, location: Coordinate(lat: loc.lat + 0.01 * rng.normal(), lon: loc.lon + 0.012 * rng.normal()),
                         address: "", caller: Caller(), description: "", times: IncidentTimes(receivedAt: received), path: s.path)
        let zone = plan.zones.isEmpty ? nil : plan.zones[rng.index(plan.zones.count)]
        let age = end.timeIntervalSince1970 - t
        let p = priority.rawValue - 1
        if rng.uniform() < 0.015 {
            i.riskFlags = [RiskFlag(rule: "weapon", nameZh: "持械", nameEn: "Weapon", words: ["刀"], raiseTo: .p1, notify: true)]
        }
        let fate = rng.uniform()
        // Every step's instant, or nil when it has not come yet.
        func at(_ offset: Double) -> Date? { offset <= age ? received + offset : nil }
        if fate < 0.02 {
            // A duplicate call, merged under an earlier one within the minute.
            i.status = .cancelled
            i.times.cancelledAt = at(30 + 60 * rng.uniform()) ?? received
            i.mergedInto = MergeLink(into: IncidentID(String(format: "bench-%07d", max(1, n - 1))), intoNumber: "", by: "bench",
                                     at: i.times.cancelledAt!, previousStatus: .received)
            i.version = 2
            return (i, zone)
        }
        let dispatch = Self.logNormal(median: 40 * [0.6, 1.0, 1.5, 3.0][p], sigma: 0.6, &rng)
        if fate < 0.06 {
            // Referred to an agency; most closed by its feedback, the rest returned (then handled as usual).
            let linkID = ReferralID(String(format: "bench-r%07d", n))
            if fate < 0.05 {
                let answered = dispatch + Self.logNormal(median: 6 * 3600, sigma: 0.9, &rng)
                if let closed = at(answered) {
                    i.status = .closed
                    i.times.closedAt = closed
                    i.referrals = [ReferralLink(id: linkID, agencyID: AgencyID("hotline"), agencyName: "12345", status: .done)]
                } else {
                    i.status = .referred
                    i.referrals = [ReferralLink(id: linkID, agencyID: AgencyID("hotline"), agencyName: "12345", status: .accepted)]
                }
                i.version = 4
                return (i, zone)
            }
            i.referrals = [ReferralLink(id: linkID, agencyID: AgencyID("hotline"), agencyName: "12345", status: .returned)]
        }
        guard let dispatched = at(dispatch) else { return (i, zone) }
        let count = rng.uniform() < 0.75 ? 1 : (rng.uniform() < 0.8 ? 2 : 3)
        var units: [UnitID] = []
        while units.count < min(count, plan.units.count) {
            let u = UnitID(plan.units[rng.index(plan.units.count)])
            if !units.contains(u) { units.append(u) }
        }
        i.status = .dispatched
        i.times.dispatchedAt = dispatched
        i.unitIDs = units
        i.attendedUnitIDs = units
        i.version = 2
        let travel = Self.logNormal(median: 200 * plan.speed * [0.8, 1.0, 1.3, 1.8][p], sigma: 0.5, &rng)
        if fate < 0.08 {
            // Cancelled on the way.
            i.status = .cancelled
            i.times.cancelledAt = at(dispatch + travel * rng.uniform()) ?? dispatched
            i.unitIDs = []
            i.version = 3
            return (i, zone)
        }
        guard let arrived = at(dispatch + travel) else { return (i, zone) }
        i.status = .onScene
        i.times.enRouteAt = dispatched
        i.times.onSceneAt = arrived
        i.version = 4
        let work = Self.logNormal(median: 25 * 60, sigma: 0.7, &rng)
        guard let resolved = at(dispatch + travel + work) else { return (i, zone) }
        i.status = .resolved
        i.times.resolvedAt = resolved
        i.resolvedByUnitIDs = units
        i.unitIDs = []
        i.version = 5
        let feedback = Self.logNormal(median: 3 * 3600, sigma: 1.1, &rng)
        guard let closed = at(dispatch + travel + work + feedback) else { return (i, zone) }
        i.status = .closed
        i.times.closedAt = closed
        i.feedback = Feedback(outcome: "handled", summary: "", by: UserID("bench"), at: closed)
        i.version = 6
        return (i, zone)
    }

    static func logNormal(median: Double, sigma: Double, _ rng: inout SeededRandom) -> Double {
        median * exp(sigma * rng.normal())
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        let total = weights.reduce(0, +)
        var running = 0.0
        return weights.map { running += $0 / total; return running }
    }

    static func pick(_ cumulative: [Double], _ rng: inout SeededRandom) -> Int {
        let u = rng.uniform()
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] <= u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
