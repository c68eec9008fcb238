import Hummingbird

/// Serves the web console's static files for paths outside the API. API paths never fall back
/// to the file system, so an unknown `/v1/...` resource is always a problem+json 404.
struct ConsoleFiles: RouterMiddleware {
    typealias Context = PinganRequestContext
    let files: FileMiddleware<Context, LocalFileSystem>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/v1/") || request.uri.path == "/v1" {
            return try await next(request, context)
        }
        return try await files.handle(request, context: context, next: next)
    }
}
