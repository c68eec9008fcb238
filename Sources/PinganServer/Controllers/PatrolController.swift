import Foundation
import Hummingbird
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Dynamic patrol (动态巡控): the live picture of what the free units reach within 1, 3 and 5
/// minutes (road, expected calls, key places), the moves of idle units that would bring the most
/// expected calls within 3 minutes, and the dispatcher's order that sends one of them.
struct PatrolController {
    typealias Context = PinganRequestContext
    let deps: Dependencies

    /// Expected demand (`?demand=`): `calls`, the calls of the last `demandDays` days in scope, one
    /// point each (the prior-period counts a forecast starts from), or `forecast`, today's hotspot
    /// forecast's expected calls per cell.
    static let demandDays = 28.0
    /// Calls one picture learns from; a wider scope reads the newest this many.
    static let maxCalls = 100_000
    static let zoneCountSchema = Schema.integer(min: 1, max: ZoneDesign.maximumZones)

    struct MoveRequest: RequestBody {
        var unitID: UnitID
        var postID: PostID
        static let schema = Schema.record(["unitID": .id, "postID": .id])
    }

    struct Listing: Encodable {
        var items: [Message]
    }

    struct AdoptRequest: RequestBody {
        struct ZoneSpec: Codable, Sendable {
            var name: String
            var boundary: [Coordinate]
        }
        var stationID: JurisdictionID
        var zones: [ZoneSpec]
        static let schema = Schema.record(["stationID": .id,
                                           "zones": .array(.record(["name": .text(max: 100),
                                                                                    "boundary": .array(Schema.coordinate, min: 3, max: ZoneDesign.maximumOutlineCorners)]),
                                                                   min: 1, max: ZoneDesign.maximumZones)])
    }

    struct Adopted: Encodable {
        var items: [PatrolZone]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("patrol", use: picture)
        group.post("patrol/moves", use: orderMove)
        group.get("patrol/compliance", use: compliance)
        group.get("patrol/zone-design", use: zoneDesign)
        group.post("patrol/zone-design/adopt", use: adoptZones)
    }

    @Sendable func picture(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        let positions = try deps.requireTracking()
        let now = deps.time.now()
        let params = request.uri.queryParameters
        let demand: PatrolDemand
        switch params["demand"].map(String.init) ?? "calls" {
        case "calls":
            demand = try await Self.callDemand(deps, scope: user.scope, now: now)
        case "forecast":
            // Today's forecast (the map layer's: SEPP over the last 90 days, 150 m cells), each
            // cell's expected calls at its centre.
            let calls = try await RecentCalls.read(deps, scope: user.scope, since: now - 91 * 86_400, limit: ForecastController.maxEvents)
            let events = calls.prefix(ForecastController.maxEvents).map { ForecastEvent(time: ForecastController.chinaSeconds($0.time), coordinate: $0.location) }
            let cells = (try? HotspotForecast.today(events: Array(events), day: ForecastDay(containing: ForecastController.chinaSeconds(now)),
                                                    method: .sepp, cellMetres: 150, trainDays: 90, top: 500)) ?? []
            demand = PatrolDemand(points: cells.map(\.centre), weights: cells.map(\.score))
        default:
            throw Problem.invalidField("demand", "demand is calls (the last 4 weeks' calls) or forecast (today's hotspot forecast)")
        }
        let picture = try await Self.picture(deps, positions, scope: user.scope, demand: demand, mapPlaces: positions.network.places.features.keyPlaces())
        return try JSONReply(.ok, picture).response
    }

    /// The last `demandDays` days' calls in `scope`, each an expected call where it was made: the
    /// demand the live picture weighs by default and the patrol watch orders its moves by.
    static func callDemand(_ deps: Dependencies, scope: Scope, now: Date) async throws -> PatrolDemand {
        let calls = try await RecentCalls.read(deps, scope: scope, since: now - demandDays * 86_400, limit: maxCalls).prefix(maxCalls)
        return PatrolDemand(points: calls.map(\.location), weights: calls.map { _ in 1 })
    }

    /// The live picture over `demand` with the scope's key places (its registry, else `mapPlaces`):
    /// one computation for what the console proposes and what the watch accepts on its own.
    static func picture(_ deps: Dependencies, _ tracking: PositionTracking, scope: Scope, demand: PatrolDemand,
                        mapPlaces: [KeyPlace]) async throws -> PatrolPicture {
        let posts = try await deps.store.posts(scope: scope)
        let places = KeyPlaceRegistry.places(registered: posts, fallback: mapPlaces)
        return await tracking.patrolPicture(scope: scope, demand: demand, places: places, posts: posts)
    }

    /// `{unitID, postID}`: the dispatcher accepts a move proposal; the unit gets it as a message.
    @Sendable func orderMove(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.dispatch)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(MoveRequest.self, from: bytes)
        let tracking = try? deps.requireTracking()
        var minutes: Int?
        if let tracking, let post = try await deps.store.post(input.postID, scope: user.scope),
           let route = try? await tracking.route(of: input.unitID, to: post.location) {
            minutes = max(1, Int((route.seconds / 60).rounded()))
        }
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, Listing(items: $0)) }) {
            try await deps.app.messages.orderMove(input.unitID, to: input.postID, text: { _, post in Self.orderText(post: post, minutes: minutes) },
                                                  by: user, idempotency: $0)
        }
    }

    /// `?date=YYYY-MM-DD&station=ID&unit=ID`: how the zones' patrol plans of the day (today,
    /// CST, by default) were kept so far, per unit and shift, with each station's totals.
    @Sendable func compliance(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.readUnits)
        let params = request.uri.queryParameters
        let now = deps.time.now()
        let date = try SupervisionController.day(params["date"], "date").map { try ReportDay($0, field: "date") } ?? ReportDay(containing: now)
        let station = try params["station"].map { JurisdictionID(try Problem.identifier($0, field: "station")) }
        let unit = try params["unit"].map { UnitID(try Problem.identifier($0, field: "unit")) }
        let builder = ReportBuilder(store: deps.store, stats: nil, printer: nil)
        let day = try await builder.patrolDay(scope: user.scope, date: date, asOf: min(now, date.end.addingTimeInterval(86_400)), station: station, unit: unit)
        return try JSONReply(.ok, day).response
    }

    /// `?station=ID&zones=N`: N patrol zones proposed for the station's ground (its area, or
    /// else the zones in force), balanced by the last four weeks' calls, beside the zones in
    /// force: workload spread and mean drive time to the calls for both.
    @Sendable func zoneDesign(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let positions = try deps.requireTracking()
        let params = request.uri.queryParameters
        guard let raw = params["station"] else { throw Problem.invalidField("station", "station=ID is required") }
        let stationID = JurisdictionID(try Problem.identifier(raw, field: "station"))
        guard let rawCount = params["zones"] else { throw Problem.invalidField("zones", "zones=N is required") }
        guard let count = Int(rawCount), (1...ZoneDesign.maximumZones).contains(count) else {
            throw Problem.invalidField("zones", "zones is an integer 1-\(ZoneDesign.maximumZones)")
        }
        guard let station = try await deps.store.jurisdiction(stationID, scope: user.scope) else { throw DomainError.notFound("jurisdiction", stationID.rawValue) }
        guard station.level == .station else { throw DomainError.invalid("station", "\(station.name) is a \(station.level.rawValue), not a station") }
        let zones = try await deps.store.zones(scope: user.scope).filter { $0.stationID == stationID && $0.active && $0.boundary.count >= 3 }
        let outlines = zones.map { (id: $0.id.rawValue, outline: PinganGeo.Polygon($0.boundary)) }
        let inArea: (Coordinate) -> Bool
        if let area = station.area { inArea = { area.contains($0) } }
        else if !outlines.isEmpty { inArea = { c in outlines.contains { $0.outline.contains(c) } } }
        else { throw DomainError.invalid("station", "\(station.name) has neither an area nor zones: draw its area first") }
        let calls = try await RecentCalls.read(deps, scope: user.scope, jurisdictionID: stationID, since: deps.time.now() - Self.demandDays * 86_400,
                                               limit: Self.maxCalls).prefix(Self.maxCalls).map(\.location)
        let study: ZoneStudy
        do {
            study = try ZoneStudy.make(network: positions.network, inArea: inArea, calls: Array(calls), station: station.location,
                                       currentZones: outlines, count: count)
        } catch {
            throw Problem.invalidField("zones", error.message)
        }
        return try JSONReply(.ok, study).response
    }

    /// `{stationID, zones: [{name, boundary}]}`: the station's zones in force are retired and these
    /// created, in one audited command (a design from `zone-design`, or drawn by hand).
    @Sendable func adoptZones(_ request: Request, context: Context) async throws -> Response {
        let user = try context.require(.manageOrganisation)
        let bytes = try await deps.body.bytes(request)
        let input = try deps.body.decode(AdoptRequest.self, from: bytes)
        return try await deps.respond(to: request, body: bytes, user: user, render: { try JSONReply(.created, Adopted(items: $0)) }) {
            try await deps.app.organisation.adoptZones(stationID: input.stationID, zones: input.zones.map { ($0.name, $0.boundary) }, by: user, idempotency: $0)
        }
    }

    /// Both languages: the server does not know which one the crew's page shows.
    static func orderText(post: Post, minutes: Int?) -> String {
        let drive = minutes.map { ("（约\($0)分钟车程）", " (about \($0) min drive)") } ?? ("", "")
        return "巡防调整：请前往\(post.name)驻守\(drive.0)。Patrol move: go to \(post.name) and stand by there\(drive.1)."
    }
}
