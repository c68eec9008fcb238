import Hummingbird

/// Refuses query strings a route would misread: a parameter the route does not document (a
/// typo like `?catgory=fire` would otherwise silently list everything), and a parameter named
/// twice (`?status=a&status=b`: every route reads one value per name, and which one a proxy and
/// this server would each take is anyone's guess, the same reason duplicate JSON keys are refused).
struct QueryParameterGuard: RouterMiddleware {
    typealias Context = PinganRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let parameters = request.uri.queryParameters
        if !parameters.isEmpty, let op = APIOperation.operation(request.method.rawValue, request.uri.path) {
            for (name, _) in parameters where op.query[String(name)] == nil {
                throw Problem(.badRequest, code: "unknown_parameter", detail: "\(op.method) \(op.path) takes no query parameter \(name.prefix(100))",
                              field: String(name.prefix(100)))
            }
        }
        if parameters.count > 1 {
            var seen = Set<Substring>()
            for (name, _) in parameters where !seen.insert(name).inserted {
                throw Problem.invalidField(String(name.prefix(100)), "query parameter \(name.prefix(100)) is given more than once; lists are comma-separated")
            }
        }
        return try await next(request, context)
    }
}
