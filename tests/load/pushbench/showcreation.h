#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

// Creates the show a propagation run books (POST /admin/shows), so that it
// starts with no seats reserved and nobody else writes to it: what the
// staleness formula assumes. Blocking; run before the event loop's work starts.
namespace ShowCreation {
// The new show's id, or 0 with *error set.
qint64 create(const QUrl &baseUrl, const QByteArray &token, int seats, QString *error);
} // namespace ShowCreation
