#pragma once

#include "apiresponse.h"
#include "booking/bookingservice.h"

#include <QFuture>

class Router;
struct ApiRequest;

// GET /config: the limits a client needs before it sends anything, so the
// desktop app and web shops validate with the server's numbers instead of
// hard-coded copies. Needs no database: the answer is made once.
class ConfigController
{
public:
    explicit ConfigController(BookingService::Settings settings);
    void registerRoutes(Router &router);

    QFuture<ApiResponse> get(const ApiRequest &request);

private:
    ApiResponse m_response;
};
