import Foundation
import PinganAnalytics
import PinganGeo
import Testing

/// The demo crews' movement: along the road engine's route, arriving exactly at its travel time.
@Suite("Route walk")
struct RouteWalkTests {
    @Test func arrivesAtTheRouteEndInTheRouteTime() throws {
        let network = TestNetworks.grid(8)
        var ws = network.makeWorkspace()
        let a = network.graph.coordinates[0], b = network.graph.coordinates[network.graph.nodeCount - 1]
        let route = try network.route(from: a, to: b, workspace: &ws)
        let walk = RouteWalk(geometry: route.geometry, seconds: route.seconds)
        #expect(walk.position(after: 0).coordinate == route.geometry[0])
        #expect(!walk.position(after: route.seconds - 0.5).arrived)
        let end = walk.position(after: route.seconds)
        #expect(end.arrived && end.speed == 0)
        #expect(Geodesy.haversine(end.coordinate, try #require(route.geometry.last)) < 0.01)
        // Halfway in time is halfway along the road, at the route's average speed.
        let half = walk.position(after: route.seconds / 2)
        let speed = walk.meters / route.seconds
        #expect(abs(half.speed - speed) < 1e-9)
        var along = 0.0, previous = route.geometry[0]
        for p in route.geometry.dropFirst() {
            let step = Geodesy.haversine(previous, p)
            if along + step >= walk.meters / 2 { break }
            along += step
            previous = p
        }
        #expect(Geodesy.haversine(previous, half.coordinate) <= 150 + 1e-6)   // on the segment that holds the midpoint
        #expect(walk.position(after: -5).coordinate == route.geometry[0] && walk.position(after: 1e9).arrived)
    }

    @Test func bearingPointsTheWayOfTravel() {
        let o = Coordinate(lat: 31.2, lon: 121.4)
        #expect(abs(RouteWalk.bearing(o, Coordinate(lat: 31.3, lon: 121.4)) - 0) < 0.01)
        #expect(abs(RouteWalk.bearing(o, Coordinate(lat: 31.2, lon: 121.5)) - 90) < 0.1)
        #expect(abs(RouteWalk.bearing(o, Coordinate(lat: 31.1, lon: 121.4)) - 180) < 0.01)
        #expect(abs(RouteWalk.bearing(o, Coordinate(lat: 31.2, lon: 121.3)) - 270) < 0.1)
    }
}
