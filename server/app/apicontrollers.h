#pragma once

#include "auth/authservice.h"
#include "auth/publicbooking.h"

#include <memory>

class AdminAuditController;
class AdminFlagsController;
class AdminShowsController;
class AdminTokensController;
class AdminUsersController;
class AuthController;
class BookingBatcher;
class BookingsController;
class ChangeFeed;
class ConfigController;
class DbExecutor;
class FlagEvaluationController;
class FlagSnapshot;
class HealthController;
class PushController;
class PushHub;
class RoutesController;
class Router;
class SeatingPlansController;
class ShowSeatsController;
class ShiftsController;
class ShowsController;
class TokenCache;
class WebSocketGateway;

// Every controller of the REST API, made once and registered on the Router:
// the one list of what the server answers. Must outlive nothing but the
// Router's handlers (they capture the controllers), and must be destroyed
// after the HTTP server that dispatches to them.
class ApiControllers
{
public:
    struct Dependencies
    {
        DbExecutor &executor;
        FlagSnapshot &flags;
        TokenCache &tokenCache;
        PublicBooking publicBooking;
        int sessionHours;
        AuthService::VerifyLogin verifyLogin;
        bool groupBooking = true; // --group-booking: bookings gathered into shared transactions
        QString currency = QStringLiteral("EUR"); // --currency
    };
    ApiControllers(Router &router, Dependencies dependencies);
    ~ApiControllers();

    HealthController &health() { return *m_health; }
    // Live push: the feed listens once the notification hub runs; the hub's
    // subscribers are closed when the server drains.
    ChangeFeed &changeFeed() { return *m_changeFeed; }
    PushHub &push() { return *m_pushHub; }

private:
    std::unique_ptr<BookingBatcher> m_batcher; // null with --group-booking off
    std::unique_ptr<ChangeFeed> m_changeFeed;
    std::unique_ptr<PushHub> m_pushHub;
    std::unique_ptr<WebSocketGateway> m_webSockets;
    std::unique_ptr<PushController> m_pushController;
    std::unique_ptr<HealthController> m_health;
    std::unique_ptr<ShowsController> m_shows;
    std::unique_ptr<BookingsController> m_bookings;
    std::unique_ptr<AdminShowsController> m_adminShows;
    std::unique_ptr<AdminFlagsController> m_adminFlags;
    std::unique_ptr<FlagEvaluationController> m_flagEvaluation;
    std::unique_ptr<AdminUsersController> m_adminUsers;
    std::unique_ptr<AuthController> m_auth;
    std::unique_ptr<AdminTokensController> m_adminTokens;
    std::unique_ptr<ConfigController> m_config;
    std::unique_ptr<RoutesController> m_routes;
    std::unique_ptr<AdminAuditController> m_adminAudit;
    std::unique_ptr<SeatingPlansController> m_seatingPlans;
    std::unique_ptr<ShowSeatsController> m_showSeats;
    std::unique_ptr<ShiftsController> m_shifts;
};
