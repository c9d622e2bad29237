#pragma once

#include "result.h"

class DatabaseSession;

// Whether the server can do its work: today, whether the database answers.
// Runs on a worker thread with that thread's session, like every service.
class HealthService
{
public:
    struct Healthy
    {
    };

    explicit HealthService(DatabaseSession &session) : m_session(session) {}

    // A value when the database answers a trivial query; DatabaseUnavailable
    // (with status/database details for monitors) when it does not.
    Result<Healthy> check();

private:
    DatabaseSession &m_session;
};
