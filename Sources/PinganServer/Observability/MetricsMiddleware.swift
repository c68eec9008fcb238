import Foundation
import Hummingbird

/// Counts every request by method, matched route (not raw path, so IDs do not explode the label
/// set) and status, and records its latency. Sits outside `ProblemMiddleware` so it sees the
/// final status of failed requests too.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = PinganRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            metrics.request(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: status, seconds: seconds)
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
