#pragma once

#include "principal.h"

#include <QDateTime>
#include <QString>

// A staff account as the API shows it (never its password hash).
struct StaffUser
{
    qint64 id = 0;
    QString username; // lower case
    StaffRole role = StaffRole::Clerk;
    bool disabled = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime passwordChangedAt;
    // From login_failures for this name: failures since the last good login,
    // and until when logins are refused (invalid = not locked).
    int failedLogins = 0;
    QDateTime lockedUntil;
};
