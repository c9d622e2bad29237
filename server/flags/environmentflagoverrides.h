#pragma once

#include "result.h"

#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

// Flags set in the environment, read once at start: they win over the table,
// so an operator can roll a flag back without the database.
// BOXOFFICE_FLAG_<NAME>=<JSON> stands for every key whose variableNameFor() is it:
// a built-in owns its NAME (SALES_PAUSED_SHOW_<id> is sales.paused.show.<id>),
// any other stored key with that NAME shares the variable, and a NAME that no
// stored key has stands for ai:model (AI_MODEL) or else for NAME in lower case.
// Refused at read(), naming the variable: a NAME that is not 1..100 of [A-Z0-9_],
// an unknown BOOKING_* / SALES_* NAME (typo protection, as for keys), a value that
// is not strict JSON or breaks FlagRules::checkValue for its key.
// AI_MODEL=<model> (plain text, 1..200 characters) sets the model of ai:model for everyone.
// Immutable after read(); any thread.
class EnvironmentFlagOverrides
{
public:
    struct Override
    {
        QString key;
        QJsonValue value;
        QString variable;
    };

    // BOXOFFICE_FLAG_* and AI_MODEL; a DomainError whose message names the bad variable.
    static Result<EnvironmentFlagOverrides> read(const QProcessEnvironment &environment);
    static QString variableNameFor(const QString &key); // "BOXOFFICE_FLAG_" + NAME
    // The override for key, given its stored value if any (AI_MODEL merges into it, see the
    // contract).
    std::optional<Override> apply(const QString &key,
                                  const std::optional<QJsonValue> &stored) const;
    // Overrides whose variable matches none of these keys (nor a built-in): environment-only flags.
    // Also every built-in (and ai:model) set in the environment but not among storedKeys, with
    // its built-in key; sorted by key, one entry per key.
    QList<Override> unmatched(const QStringList &storedKeys) const;
    bool isEmpty() const;
    QStringList variables() const; // for the start-up log line (names only, never values)

private:
    QMap<QString, QJsonValue> m_flagVariables; // variable name -> its validated value
    std::optional<QString> m_aiModel;          // AI_MODEL, when set
};
