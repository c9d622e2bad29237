#pragma once

#include "flagtypes.h"
#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

// Turns the bodies of the feature-flag admin API into Api::FeatureFlag, Api::FlagChange
// and Api::FlagPreview, as strictly as ResponseDecoder does for shows and bookings:
// a body of the wrong shape (a field missing or of the wrong JSON type, an
// unknown source or action) is an ApiError::Kind::BadResponse, never a
// half-filled value.
namespace FlagResponseDecoder {

Result<Api::FeatureFlag> flag(const QByteArray &body);
Result<QList<Api::FeatureFlag>> flags(const QByteArray &body);
Result<QList<Api::FlagChange>> history(const QByteArray &body);
Result<Api::FlagPreview> preview(const QByteArray &body);
// GET /flags/evaluate: an object of key → value.
Result<QJsonObject> evaluation(const QByteArray &body);

} // namespace FlagResponseDecoder
