#pragma once

#include "flags/featureflag.h"
#include "flags/flagservice.h"

#include <QJsonObject>

// The API's JSON for flags (docs/api.md): the flag object, a history entry, a
// preview. Pure; any thread (answers are serialised on the workers).
namespace FlagJson {
QJsonObject flag(const EffectiveFlag &flag);
QJsonObject change(const FlagChange &change);
QJsonObject preview(const FlagService::Preview &preview);
} // namespace FlagJson
