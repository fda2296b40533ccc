import Foundation
import Hummingbird
import OutpostDomain
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// The OpenAPI document lists exactly the routes the router serves, and back.
@Suite struct RoutesMatchOpenAPITests {
    private static let openAPIURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("protocol/openapi.yaml")

    /// "METHOD /path" for every operation under `paths:` (paths at two spaces, methods at four).
    private func documentedRoutes() throws -> Set<String> {
        let lines = try String(contentsOf: Self.openAPIURL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        var routes = Set<String>()
        var inPaths = false
        var currentPath: String?
        for line in lines {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if let first = line.first, first != " " { break }   // the next top-level key ends `paths:`
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"),
                      let path = currentPath, methods.contains(String(line.dropFirst(4).dropLast())) {
                routes.insert("\(line.dropFirst(4).dropLast().uppercased()) \(path)")
            }
        }
        return routes
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let directory = try makeTemporaryDirectory()
        let store = try SQLiteChangeStore(path: directory.appendingPathComponent("s.sqlite").path, schema: OutpostSchema.current)
        let router = makeRouter(store: store, authenticator: DemoUsers.directory, schema: OutpostSchema.current,
                                configuration: ServerConfiguration())
        let served = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let documented = try documentedRoutes()
        #expect(!served.isEmpty)
        #expect(served == documented, "served but undocumented: \(served.subtracting(documented)); documented but not served: \(documented.subtracting(served))")
    }
}
