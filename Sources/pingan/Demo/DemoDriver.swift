import Foundation
import Logging
import PinganAnalytics
import PinganCore
import PinganGeo
import PinganServer
import ServiceLifecycle

/// Runs the demo city's simulated crews and callers against the server's own HTTP API, once a
/// second: calls arrive from the fitted Montgomery model (sped up by `rate`) with the city's
/// non-police, repeated and high-risk calls on top (`DemoCallScript`), are dispatched to the
/// recommended units while auto-dispatch is on (or referred to an agency, when a routing rule
/// applies or proposes it), and crews patrol their zones, drive real routes at road speed,
/// report their fixes, move their incidents along and close them with feedback. Crews keep the
/// plan's shifts on the Shanghai clock: off shift they sign off duty (once free) and stop
/// reporting, and sign on again when their shift starts. The city's gates, crowd cameras and
/// school alarm buttons report as the devices they stand for (`DemoSensing`), its agencies
/// answer their referrals (`DemoAgencies`), and its anti-fraud centre sends each day's warning
/// list to the stations (`DemoFraudDesk`), and its volunteers walk their zones (`DemoVolunteers`).
/// Everything goes through the API a real device uses, under the `simulator` account (the
/// sensors each under their own token, the agencies under their desks' accounts), so the audit
/// log, the live feed and the console see nothing special.
struct DemoDriver: Service {
    let base: URL
    let token: String
    /// A short session of the demo's `installer` account, used once at start to issue the
    /// sensors their tokens (`DemoSensingSetup`); empty to run without them.
    var installerToken = ""
    /// Sessions of the agencies' desk accounts by agency code (`DemoTriageSetup`), for the
    /// simulated agencies to answer their referrals with; empty to leave referrals to people.
    var agencyTokens: [String: String] = [:]
    /// The volunteers to walk, each with a session of their own (`DemoVolunteerSetup`); empty for none.
    var volunteers: [DemoVolunteers.Walker] = []
    /// The city's past, imported in the background once the simulator runs; nil for none.
    var history: DemoHistoryImport?
    let network: RoadNetwork
    let city: DemoCity
    let control: DemoControl
    /// Units a person crews (the demo's field officer): the simulator leaves them alone.
    let humanCrewed: Set<UnitID>
    /// Demand speed-up over the fitted real-world call rate.
    let rate: Double
    let seed: UInt64
    let logger: Logger

    /// Runs until the service group shuts down. Being stopped is this service's normal end: it
    /// finishes the tick in progress and returns rather than throwing, so SIGINT and SIGTERM end
    /// `serve --demo` with status 0. Only the pause between ticks is cancelled: cancelling a
    /// request in flight crashes FoundationNetworking's URLSession on Linux.
    func run() async throws {
        let client = APIClient(base: base, token: token)
        try await client.waitUntilServing()
        var world = DemoWorld(driver: self, client: client)
        try await world.start()
        // Not awaited, and never cancelled (a request cancelled in flight can crash URLSession on Linux): the calls start now.
        if let history { Task { [base, logger] in await history.run(base: base, logger: logger) } }
        await world.startSensing()
        logger.info("demo city running", metadata: ["crews": "\(world.crews.count)", "sensors": "\(world.sensing?.deviceCount ?? 0)",
                                                    "agencies": "\(world.agencies.desks.count)", "rate": "\(rate)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let started = Date()
            await world.tick(now: started)
            let spent = Date().timeIntervalSince(started)
            // One tick a second; a slow tick shortens the next pause, never skips it.
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(max(50, (1 - spent) * 1000)))) }
            } catch is CancellationError {
                break
            }
        }
        logger.info("demo city stopped")
    }
}

/// One simulated crew: where it is, where it is going and why.
struct DemoCrew {
    enum Task: Equatable {
        case patrol
        case responding(IncidentID)
        case onScene(IncidentID, until: Date)
    }

    var unit: PoliceUnit
    var shift: ReplayPlan.Shift
    /// Whether the simulator signed this crew off for its shift (so only it signs the crew back
    /// on: a unit a dispatcher took off duty stays off).
    var offForShift = false
    /// After a refused shift change, when to try again.
    var shiftRetryAt = Date.distantPast
    var zone: Int?
    var position: Coordinate
    var walk: RouteWalk?
    var legStart = Date()
    var task = Task.patrol
    var heading = 0.0
    var speed = 0.0
    /// Metres per second when walking instead of driving at road speed: foot patrols on their
    /// beat. Responding, every crew moves in the road engine's travel time, the ETA the
    /// dispatcher was shown (the recommender does not model walking).
    var walkingSpeed: Double? {
        guard unit.kind == .footPatrol, case .patrol = task else { return nil }
        return 1.4
    }
}

/// A call waiting for the simulated dispatcher.
struct PendingCall {
    var id: IncidentID
    var retryAt: Date
    /// Whether its card was read for a routing proposal (a call an agency sent back is not
    /// proposed to it again: police go).
    var triaged = false
    /// The agency a routing rule proposed: the call is referred to it at `retryAt`.
    var proposal: (agencyID: AgencyID, rule: String)?
}

/// The simulator's state, advanced one tick at a time by `DemoDriver`.
struct DemoWorld {
    let driver: DemoDriver
    let client: APIClient
    var crews: [DemoCrew] = []
    var rng: SeededRandom
    var workspace: CHWorkspace
    var zoneNodes: [[Int]] = []
    let script: DemoCallScript
    var calls: [DemoCall] = []
    var nextCall = 0
    /// Model time (local seconds) = `modelOrigin` + real seconds since `realOrigin` × rate.
    var modelOrigin: Int64 = 0
    var realOrigin = Date()
    var day: UInt64 = 0
    /// Simulated incidents waiting for auto-dispatch, with when to try next.
    var pending: [PendingCall] = []
    var lastUnitPoll = Date.distantPast
    var incidentCache: [IncidentID: Incident] = [:]
    /// The commissioned sensors; nil when they could not be (the city runs without them).
    var sensing: DemoSensing?
    /// The agencies answering their referrals.
    var agencies: DemoAgencies
    /// The anti-fraud centre sending each day's warning list.
    var fraud: DemoFraudDesk
    /// The volunteers on patrol.
    var volunteers: DemoVolunteers

    init(driver: DemoDriver, client: APIClient) {
        self.driver = driver
        self.client = client
        rng = SeededRandom(seed: driver.seed ^ 0xD3E0)
        workspace = driver.network.makeWorkspace()
        script = DemoCallScript(generator: CallGenerator(model: .montgomery, network: driver.network))
        agencies = DemoAgencies(simulator: client, tokens: driver.agencyTokens, rate: driver.rate, seed: driver.seed, logger: driver.logger)
        fraud = DemoFraudDesk(city: driver.city, seed: driver.seed)
        volunteers = DemoVolunteers(walkers: driver.volunteers, base: driver.base, simulator: client, seed: driver.seed)
    }

    var network: RoadNetwork { driver.network }

    mutating func start() async throws {
        let zoneIndex = Dictionary(uniqueKeysWithValues: driver.city.plan.zones.enumerated().map { ($1.id, $0) })
        zoneNodes = Array(repeating: [], count: driver.city.plan.zones.count)
        for (node, zone) in driver.city.zoneOfNode.enumerated() where zone >= 0 { zoneNodes[Int(zone)].append(node) }
        let specs = Dictionary(uniqueKeysWithValues: driver.city.plan.units.map { ($0.id, $0) })
        let units = try await client.get("v1/units", as: [PoliceUnit].self)
        for unit in units where !driver.humanCrewed.contains(unit.id) {
            guard let spec = specs[unit.id.rawValue] else { continue }
            let zone = spec.zone.flatMap { zoneIndex[$0] }
            let start = randomNode(in: zone)
            // A crew already off duty at start was signed off by this simulator before a restart.
            crews.append(DemoCrew(unit: unit, shift: spec.shift, offForShift: unit.status == .offDuty, zone: zone,
                                  position: network.graph.coordinates[start]))
        }
        // The first call comes two seconds from now, whatever the hour, so a newcomer sees one at once.
        startDay(at: Date())
    }

    /// Commissions the city's sensors (`DemoSensing.commission`). A failure costs the sensing
    /// only, not the calls and crews.
    mutating func startSensing() async {
        guard !driver.installerToken.isEmpty else { return }
        do {
            sensing = try await DemoSensing.commission(simulator: client, installerToken: driver.installerToken,
                                                       plan: DemoSensorPlan(city: driver.city, network: network, seed: driver.seed),
                                                       rate: driver.rate, seed: driver.seed, logger: driver.logger)
        } catch {
            driver.logger.warning("demo sensors not commissioned; the city runs without them", metadata: ["error": "\(error)"])
        }
    }

    /// Draws the next model day of calls and lines its first call up two real seconds ahead.
    mutating func startDay(at now: Date) {
        let local = Int64(now.timeIntervalSince1970) + 8 * 3600   // China Standard Time
        calls = script.day(start: local, seed: driver.seed &+ day)
        day += 1
        nextCall = 0
        realOrigin = now
        modelOrigin = (calls.first?.time ?? local) - Int64(2 * driver.rate)
    }

    mutating func tick(now: Date) async {
        if now.timeIntervalSince(lastUnitPoll) >= 2 {
            lastUnitPoll = now
            await followAssignments(now: now)
        }
        await arriveCalls(now: now)
        if await driver.control.autoDispatch { await autoDispatch(now: now) }
        var fixes: [[String: Any]] = []
        let secondOfDay = (now.timeIntervalSince1970 + 8 * 3600).truncatingRemainder(dividingBy: 86_400)   // China Standard Time
        for i in crews.indices {
            var c = crews[i]
            await keepShift(&c, secondOfDay: secondOfDay, now: now)
            if c.unit.status == .offDuty { crews[i] = c; continue }
            await advance(&c, now: now)
            crews[i] = c
            var fix: [String: Any] = ["unitID": c.unit.id.rawValue, "time": Timestamp.format(now), "lat": c.position.lat, "lon": c.position.lon,
                                      "accuracy": 5.0, "heading": c.heading]
            if c.speed.isFinite { fix["speed"] = min(c.speed, 60) }
            fixes.append(fix)
        }
        if !fixes.isEmpty {
            do { try await client.send("POST", "v1/positions", json: ["fixes": fixes]) }
            catch { driver.logger.warning("demo fixes refused", metadata: ["error": "\(error)"]) }
        }
        if sensing != nil {
            // An alarm press files its incident; auto-dispatch sends the nearest units like for a call.
            pending += await sensing!.tick(now: now).map { PendingCall(id: $0, retryAt: now) }
        }
        // A referral an agency sent back is the dispatcher's again: police are sent after all.
        pending += await agencies.tick(now: now).map { PendingCall(id: $0, retryAt: now, triaged: true) }
        await fraud.tick(now: now, client: client, places: network.places, logger: driver.logger)
        await volunteers.tick(now: now, logger: driver.logger)
    }

    // MARK: Calls and dispatch

    mutating func arriveCalls(now: Date) async {
        let modelNow = modelOrigin + Int64(now.timeIntervalSince(realOrigin) * driver.rate)
        while nextCall < calls.count, calls[nextCall].time <= modelNow {
            let call = calls[nextCall]
            nextCall += 1
            let body: [String: Any] = [
                "category": call.category, "priority": call.priority.rawValue,
                "location": ["lat": call.coordinate.lat, "lon": call.coordinate.lon],
                "address": Self.callAddress(call.coordinate, places: network.places),
                "callerName": "模拟报警人", "callerPhone": String(format: "1390000%04d", Int(rng.uniform() * 10_000)),
                "description": call.description,
            ]
            do {
                let incident = try JSONCoding.decoder.decode(Incident.self, from: try await client.send("POST", "v1/incidents", json: body))
                // A routing rule of mode `apply` referred it as it was filed: the agency has it.
                if incident.status != .referred { pending.append(PendingCall(id: incident.id, retryAt: now)) }
            } catch {
                driver.logger.warning("demo call refused", metadata: ["error": "\(error)"])
            }
        }
        if nextCall >= calls.count { startDay(at: now) }
    }

    /// What a simulated caller would say: the address, the crossing ("西藏中路与福州路交叉口") or
    /// the street ("福州路附近") nearest the call (`PlaceIndex.reverse`), or a position in
    /// Chinese when the map names nothing there.
    static func callAddress(_ c: Coordinate, places: PlaceIndex) -> String {
        guard let place = places.reverse(c, language: .local) else {
            return String(format: "北纬%.5f度、东经%.5f度附近", c.lat, c.lon)
        }
        switch place.kind {
        case .intersection:
            let streets = place.name.split(separator: "/")
            return streets.count == 2 ? "\(streets[0])与\(streets[1])交叉口" : place.name + "路口"
        case .street: return place.name + "附近"
        default: return place.name
        }
    }

    /// How long the simulated dispatcher takes to follow a routing rule's proposal, at the
    /// demo's default speed-up: long enough for a person watching to see it on the card.
    static let followProposalAfter: TimeInterval = 15

    /// Works the calls waiting for the simulated dispatcher. It reads each new call's card first,
    /// as a person does, and follows a routing rule's proposal by referring the call to that
    /// agency; otherwise it sends the recommended units, or, for a non-police call no agency took,
    /// cancels it with a note. A call a person handled meanwhile is theirs: every request for it
    /// is then refused, and it is dropped.
    mutating func autoDispatch(now: Date) async {
        var keep: [PendingCall] = []
        for var item in pending {
            guard item.retryAt <= now else { keep.append(item); continue }
            if let proposal = item.proposal {
                do {
                    try await client.send("POST", "v1/incidents/\(item.id.rawValue)/referrals",
                                          json: ["agencyID": proposal.agencyID.rawValue, "rule": proposal.rule, "note": "（模拟）按分流规则建议移交"])
                } catch {
                    // Still waiting in the queue (the agency retired, say): police are sent instead.
                    if (try? await client.get("v1/incidents/\(item.id.rawValue)", as: Incident.self))?.status == .received {
                        keep.append(PendingCall(id: item.id, retryAt: now, triaged: true))
                    }
                }
                continue
            }
            if !item.triaged {
                item.triaged = true
                if let proposal = await proposal(for: item.id) {
                    item.proposal = proposal
                    item.retryAt = now.addingTimeInterval(Self.followProposalAfter / agencies.pace)
                    keep.append(item)
                    continue
                }
            }
            do {
                try await client.send("POST", "v1/incidents/\(item.id.rawValue)/dispatch")
            } catch let failure as APIClient.Failure where failure.code == "no_units_recommended" {
                if failure.detail?.contains(DispatchRecommendation.Status.noUnitsNeeded.rawValue) == true {
                    // Not police work, and no agency took it: the duty room hands it on by hand.
                    _ = try? await client.send("POST", "v1/incidents/\(item.id.rawValue)/transition",
                                           json: ["status": "cancelled", "note": "（模拟）非警务警情，已移交相关部门"])
                } else {
                    keep.append(PendingCall(id: item.id, retryAt: now.addingTimeInterval(15), triaged: true))
                }
            } catch {
                // Already dispatched by hand, referred, cancelled, or gone: nothing left to do for it.
                // Still waiting (the dispatch failed some other way: a conflict that outlasted its
                // retries, a server too busy): tried again shortly, never dropped from the city.
                if (try? await client.get("v1/incidents/\(item.id.rawValue)", as: Incident.self))?.status == .received {
                    driver.logger.info("demo dispatch failed; trying again", metadata: ["incident": "\(item.id.rawValue)", "error": "\(error)"])
                    keep.append(PendingCall(id: item.id, retryAt: now.addingTimeInterval(2), triaged: true))
                }
            }
        }
        pending = keep
    }

    /// The agency a routing rule proposes for the call, as its card shows it; nil when none does
    /// (or the card could not be read: then the call is dispatched as before triage existed).
    func proposal(for id: IncidentID) async -> (agencyID: AgencyID, rule: String)? {
        struct Triage: Decodable {
            struct Proposal: Decodable { var rule: String, agencyID: AgencyID }
            var proposals: [Proposal]
        }
        guard let triage = try? await client.get("v1/incidents/\(id.rawValue)/triage", as: Triage.self), let first = triage.proposals.first else {
            return nil
        }
        return (first.agencyID, first.rule)
    }

    // MARK: Crews

    /// Picks up assignments made by anyone (auto-dispatch or a dispatcher in the console) and
    /// drops tasks whose incident was resolved by another crew or by hand.
    mutating func followAssignments(now: Date) async {
        guard let units = try? await client.get("v1/units", as: [PoliceUnit].self) else { return }
        let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })
        for i in crews.indices {
            guard let unit = byID[crews[i].unit.id] else { continue }
            var crew = crews[i]
            crew.unit = unit
            switch (crew.task, unit.incidentID) {
            case (.patrol, let incident?):
                await respond(&crew, to: incident, now: now)
            case (.responding(let current), let incident?) where current != incident,
                 (.onScene(let current, _), let incident?) where current != incident:
                await respond(&crew, to: incident, now: now)
            case (.responding, nil), (.onScene, nil):
                crew.task = .patrol
                crew.walk = nil
            default:
                break
            }
            crews[i] = crew
        }
    }

    /// Signs a free crew off duty when its shift is over and on again when it starts; a crew on
    /// an incident finishes it first.
    mutating func keepShift(_ crew: inout DemoCrew, secondOfDay: Double, now: Date) async {
        guard now >= crew.shiftRetryAt else { return }
        let onShift = crew.shift.covers(secondOfDay: secondOfDay)
        let next: UnitStatus
        switch (onShift, crew.unit.status, crew.task) {
        case (false, .available, .patrol): next = .offDuty
        case (true, .offDuty, _) where crew.offForShift: next = .available
        default: return
        }
        do {
            crew.unit = try JSONCoding.decoder.decode(PoliceUnit.self, from: try await client.send(
                "POST", "v1/units/\(crew.unit.id.rawValue)/status", json: ["status": next.rawValue]))
            crew.offForShift = next == .offDuty
            crew.walk = nil
        } catch {
            crew.shiftRetryAt = now.addingTimeInterval(60)
            driver.logger.warning("demo shift change refused", metadata: ["unit": "\(crew.unit.id.rawValue)", "error": "\(error)"])
        }
    }

    mutating func respond(_ crew: inout DemoCrew, to id: IncidentID, now: Date) async {
        guard let incident = await incident(id) else { return }
        crew.task = .responding(id)
        setRoute(&crew, to: incident.location, now: now)
        if incident.status == .dispatched {
            _ = try? await client.send("POST", "v1/incidents/\(id.rawValue)/transition", json: ["status": "enRoute"])
        }
    }

    mutating func advance(_ crew: inout DemoCrew, now: Date) async {
        if crew.walk == nil, case .patrol = crew.task, crew.unit.status == .available {
            setRoute(&crew, to: network.graph.coordinates[randomNode(in: crew.zone)], now: now)
        }
        if let walk = crew.walk {
            let p = walk.position(after: now.timeIntervalSince(crew.legStart))
            crew.position = p.coordinate
            crew.heading = p.heading
            crew.speed = p.speed
            if p.arrived { crew.walk = nil; await arrived(&crew, now: now) }
        } else {
            crew.speed = 0
        }
        if case .onScene(let id, let until) = crew.task, now >= until {
            crew.task = .patrol
            await resolve(id)
        }
    }

    mutating func arrived(_ crew: inout DemoCrew, now: Date) async {
        guard case .responding(let id) = crew.task else { return }
        _ = try? await client.send("POST", "v1/incidents/\(id.rawValue)/transition", json: ["status": "onScene"])
        let category = incidentCache[id]?.category ?? "other"
        let minutes = rng.logNormal(median: ServiceTimes.defaults[category] ?? 20, sigma: ServiceTimes.sigma)
        crew.task = .onScene(id, until: now.addingTimeInterval(max(45, minutes * 60 / driver.rate)))
    }

    /// Resolves the incident and closes the loop with feedback. Another crew of the same incident
    /// may have done it already; then both requests are refused and nothing more is needed.
    mutating func resolve(_ id: IncidentID) async {
        do {
            try await client.send("POST", "v1/incidents/\(id.rawValue)/transition", json: ["status": "resolved"])
            try await client.send("POST", "v1/incidents/\(id.rawValue)/feedback",
                                  json: ["outcome": "resolved", "summary": "（模拟）现场处置完毕，当事人已劝离"])
        } catch {}
        incidentCache[id] = nil
    }

    mutating func incident(_ id: IncidentID) async -> Incident? {
        if let known = incidentCache[id] { return known }
        let fetched = try? await client.get("v1/incidents/\(id.rawValue)", as: Incident.self)
        incidentCache[id] = fetched
        return fetched
    }

    mutating func setRoute(_ crew: inout DemoCrew, to target: Coordinate, now: Date) {
        guard let from = try? network.snap(crew.position, maxDistance: 2000), let to = try? network.snap(target, maxDistance: 2000),
              let route = try? network.route(from: from, to: to, workspace: &workspace), !route.geometry.isEmpty else {
            crew.walk = nil
            return
        }
        let seconds = crew.walkingSpeed.map { route.distanceMeters / $0 } ?? route.seconds
        crew.walk = RouteWalk(geometry: route.geometry, seconds: seconds)
        crew.legStart = now
    }

    mutating func randomNode(in zone: Int?) -> Int {
        if let zone, !zoneNodes[zone].isEmpty { return zoneNodes[zone][Int(rng.uniform() * Double(zoneNodes[zone].count))] }
        return Int(rng.uniform() * Double(network.graph.nodeCount))
    }
}
