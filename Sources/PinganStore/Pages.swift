/// Walks a list a page at a time, offset by offset, until a short page: how an export or a
/// sweep reads a whole table without holding it, through the same queries the API pages with.
public enum Pages {
    /// Calls `body` with each page `fetch` answers for offsets 0, `size`, 2·`size`…, stopping
    /// after the first page shorter than `size`.
    public static func each<T>(of size: Int, _ fetch: (_ offset: Int) async throws -> [T], _ body: ([T]) async throws -> Void) async throws {
        var offset = 0
        while true {
            let page = try await fetch(offset)
            try await body(page)
            offset += page.count
            if page.count < size { return }
        }
    }
}
