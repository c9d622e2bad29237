#pragma once

class Router;

// GET /config: the limits a client needs before it sends anything, so the
// desktop app and web shops validate with the server's numbers instead of
// hard-coded copies. Needs no database.
class ConfigController
{
public:
    struct Settings
    {
        int holdSeconds = 120;
        int maxSeatsPerBooking = 20;
    };

    explicit ConfigController(Settings settings) : m_settings(settings) {}
    void registerRoutes(Router &router);

private:
    Settings m_settings;
};
