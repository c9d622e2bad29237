#include "apicontrollers.h"

#include "flags/flagsnapshot.h"
#include "http/adminauditcontroller.h"
#include "http/adminflagscontroller.h"
#include "http/adminshowscontroller.h"
#include "http/admintokenscontroller.h"
#include "http/adminuserscontroller.h"
#include "http/authcontroller.h"
#include "http/bookingscontroller.h"
#include "http/configcontroller.h"
#include "http/flagevaluationcontroller.h"
#include "http/healthcontroller.h"
#include "http/pushcontroller.h"
#include "push/changefeed.h"
#include "push/pushhub.h"
#include "push/websocketgateway.h"
#include "http/router.h"
#include "booking/bookingbatcher.h"
#include "http/routescontroller.h"
#include "http/seatingplanscontroller.h"
#include "http/showseatscontroller.h"
#include "http/showscontroller.h"
#include "http/shiftscontroller.h"

ApiControllers::ApiControllers(Router &router, Dependencies d)
{
    // The booking rules in force come from the live flags, read once per request.
    const FlagSnapshot *flags = &d.flags;
    const BookingService::SettingsSource bookingSettings = [flags] {
        return flags->bookingSettings();
    };
    m_health = std::make_unique<HealthController>(d.executor);
    if (d.groupBooking)
        m_batcher = std::make_unique<BookingBatcher>(d.executor, BookingBatcher::Options{});
    m_shows = std::make_unique<ShowsController>(d.executor, bookingSettings, d.publicBooking,
                                                m_batcher.get());
    m_bookings =
        std::make_unique<BookingsController>(d.executor, bookingSettings, d.publicBooking);
    m_adminShows = std::make_unique<AdminShowsController>(d.executor, bookingSettings);
    m_adminFlags = std::make_unique<AdminFlagsController>(d.executor, d.flags);
    m_flagEvaluation = std::make_unique<FlagEvaluationController>(d.flags);
    m_adminUsers = std::make_unique<AdminUsersController>(d.executor);
    m_auth = std::make_unique<AuthController>(d.executor, d.tokenCache, std::move(d.verifyLogin),
                                              d.sessionHours);
    m_adminTokens = std::make_unique<AdminTokensController>(d.executor, d.tokenCache);
    m_config = std::make_unique<ConfigController>(d.flags, d.publicBooking, d.currency);
    m_routes = std::make_unique<RoutesController>(router);
    m_adminAudit = std::make_unique<AdminAuditController>(d.executor);
    m_seatingPlans = std::make_unique<SeatingPlansController>(d.executor);
    m_showSeats = std::make_unique<ShowSeatsController>(d.executor);
    m_shifts = std::make_unique<ShiftsController>(d.executor, d.currency);
    m_changeFeed = std::make_unique<ChangeFeed>();
    m_pushHub = std::make_unique<PushHub>(*m_changeFeed);
    m_webSockets = std::make_unique<WebSocketGateway>(*m_pushHub);
    m_pushController =
        std::make_unique<PushController>(*m_pushHub, *m_webSockets, d.publicBooking);

    m_health->registerRoutes(router);
    m_shows->registerRoutes(router);
    m_bookings->registerRoutes(router);
    m_adminShows->registerRoutes(router);
    m_adminFlags->registerRoutes(router);
    m_flagEvaluation->registerRoutes(router);
    m_adminUsers->registerRoutes(router);
    m_auth->registerRoutes(router);
    m_adminTokens->registerRoutes(router);
    m_config->registerRoutes(router);
    m_routes->registerRoutes(router);
    m_adminAudit->registerRoutes(router);
    m_seatingPlans->registerRoutes(router);
    m_showSeats->registerRoutes(router);
    m_shifts->registerRoutes(router);
    m_pushController->registerRoutes(router);
}

ApiControllers::~ApiControllers() = default;
