import Foundation
import Hummingbird

/// Counts every request by method, matched route (not raw path, so IDs do not explode the label
/// set) and status, and records its latency. Sits outside `ProblemMiddleware` so it sees the
/// final status of failed requests too.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = PinganRequestContext
    let metrics: ServerMetrics
    /// Methods counted by name; any other (clients may send anything) is "OTHER", so a client
    /// cannot grow the label set without bound.
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            metrics.request(method: Self.knownMethods.contains(request.method.rawValue) ? request.method.rawValue : "OTHER", route: context.endpointPath ?? "unmatched", status: status, seconds: seconds)
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
