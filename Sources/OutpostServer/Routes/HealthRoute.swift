import Hummingbird

/// `GET /v1/health`: answers `{"status":"ok"}` without authentication, for load balancers.
struct HealthRoute {
    func add(to router: some RouterMethods<OutpostRequestContext>) {
        router.get("/v1/health") { request, _ in
            try MessageResponse.json(["status": "ok"], for: request)
        }
    }
}
