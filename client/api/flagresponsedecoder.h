#pragma once

#include "flagtypes.h"
#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

// Turns the bodies of the feature-flag admin API into FeatureFlag, FlagChange
// and FlagPreview, as strictly as ResponseDecoder does for shows and bookings:
// a body of the wrong shape (a field missing or of the wrong JSON type, an
// unknown source or action) is an ApiError::Kind::BadResponse, never a
// half-filled value.
namespace FlagResponseDecoder {

Result<FeatureFlag> flag(const QByteArray &body);
Result<QList<FeatureFlag>> flags(const QByteArray &body);
Result<QList<FlagChange>> history(const QByteArray &body);
Result<FlagPreview> preview(const QByteArray &body);
// GET /flags/evaluate: an object of key → value.
Result<QJsonObject> evaluation(const QByteArray &body);

} // namespace FlagResponseDecoder
