#include "userservice.h"

#include "app/logcategories.h"
#include "audit/auditrepository.h"
#include "db/transaction.h"
#include "passwordhasher.h"
#include "timestamps.h"
#include "userrepository.h"

#include <QRegularExpression>

namespace {
const QString kUsernameField = QStringLiteral("username");
const QString kPasswordField = QStringLiteral("password");

DomainError fieldError(ErrorCode code, const QString &field, const QString &message)
{
    return {code, message, {{QStringLiteral("field"), field}}};
}

DomainError notFound(qint64 id)
{
    return {ErrorCode::UserNotFound, QStringLiteral("There is no user with id %1.").arg(id)};
}

// A failed COMMIT rolled everything back, the audit row with it.
DomainError notDurable()
{
    return {ErrorCode::DatabaseUnavailable,
            QStringLiteral("The database is unavailable; try again shortly.")};
}

DomainError hashFailed()
{
    return {ErrorCode::ServerBusy, QStringLiteral("The password could not be hashed; retry.")};
}

DomainError invalidCredentials()
{
    return {ErrorCode::InvalidCredentials, QStringLiteral("Wrong username or password.")};
}

AuditEntry userEntry(const AuditContext &context, const QString &action, qint64 userId,
                     std::optional<QJsonObject> before, std::optional<QJsonObject> after)
{
    return AuditEntry{
        context,           action,          QStringLiteral("user"), QString::number(userId),
        std::move(before), std::move(after)};
}
} // namespace

std::optional<DomainError> UserService::checkUsername(const QString &typed)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9._@-]{0,63}$"));
    if (!pattern.match(normaliseUsername(typed)).hasMatch())
        return fieldError(ErrorCode::InvalidField, kUsernameField,
                          QStringLiteral("A username is 1 to %1 of a-z, 0-9, '.', '_', '@' and "
                                         "'-', starting with a letter or digit.")
                              .arg(kMaxUsernameLength));
    return std::nullopt;
}

std::optional<DomainError> UserService::checkPassword(const QString &password)
{
    const qsizetype length = password.toUcs4().size();
    if (length < kMinPasswordLength)
        return fieldError(
            ErrorCode::WeakPassword, kPasswordField,
            QStringLiteral("A password has at least %1 characters.").arg(kMinPasswordLength));
    if (length > kMaxPasswordLength)
        return fieldError(
            ErrorCode::OutOfRange, kPasswordField,
            QStringLiteral("A password has at most %1 characters.").arg(kMaxPasswordLength));
    return std::nullopt;
}

std::optional<DomainError> UserService::checkUserRole(StaffRole role)
{
    if (role == StaffRole::Shop)
        return fieldError(ErrorCode::InvalidField, QStringLiteral("role"),
                          QStringLiteral("A user's role is admin or clerk (shop is for API "
                                         "tokens)."));
    return std::nullopt;
}

std::optional<DomainError> UserService::check(const CreateCommand &command)
{
    if (auto error = checkUsername(command.username))
        return error;
    if (auto error = checkPassword(command.password))
        return error;
    return checkUserRole(command.role);
}

Result<QList<StaffUser>> UserService::list()
{
    return UserRepository(m_session).list();
}

Result<StaffUser> UserService::get(qint64 id)
{
    return reread(id);
}

Result<StaffUser> UserService::reread(qint64 id)
{
    const auto user = UserRepository(m_session).find(id);
    if (!user)
        return user.error();
    if (!*user)
        return notFound(id);
    return **user;
}

Result<StaffUser> UserService::create(const CreateCommand &command, const AuditContext &context)
{
    if (auto error = check(command))
        return *error;
    const QString username = normaliseUsername(command.username);
    // Slow, so before the transaction: no lock is held while it runs.
    const auto hash = PasswordHasher::hash(command.password);
    if (!hash)
        return hashFailed();
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return notDurable();
    const auto user = UserRepository(m_session).insert(username, command.role, *hash);
    if (!user)
        return user.error();
    const QJsonObject after{{QStringLiteral("username"), username},
                            {QStringLiteral("role"), staffRoleName(command.role)}};
    if (const auto logged = AuditRepository(m_session).append(
            userEntry(context, QStringLiteral("user.create"), user->id, std::nullopt, after));
        !logged)
        return logged.error();
    if (!transaction.commit())
        return notDurable();
    return user;
}

Result<StaffUser> UserService::update(qint64 id, const UpdateCommand &command,
                                      const AuditContext &context)
{
    if (command.role)
        if (auto error = checkUserRole(*command.role))
            return *error;
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return notDurable();
    UserRepository users(m_session);
    // Taken before the row, by every change that may remove an admin, so two
    // concurrent demotions of the last two admins cannot both pass.
    const auto admins = users.lockAndCountEnabledAdmins();
    if (!admins)
        return admins.error();
    const auto found = users.find(id, true);
    if (!found)
        return found.error();
    if (!*found)
        return notFound(id);
    const StaffUser before = **found;
    const StaffRole role = command.role.value_or(before.role);
    const bool disabled = command.disabled.value_or(before.disabled);
    const bool roleChanged = role != before.role;
    const bool disabledChanged = disabled != before.disabled;
    if (!roleChanged && !disabledChanged)
        return before;
    const bool wasEnabledAdmin = before.role == StaffRole::Admin && !before.disabled;
    const bool staysEnabledAdmin = role == StaffRole::Admin && !disabled;
    if (wasEnabledAdmin && !staysEnabledAdmin && *admins <= 1)
        return DomainError{ErrorCode::LastAdmin,
                           QStringLiteral("%1 is the last enabled admin; make another admin "
                                          "first.")
                               .arg(before.username)};
    if (const auto updated = users.update(id, role, disabled); !updated || !*updated)
        return updated ? notFound(id) : updated.error();
    // Sessions carry the role they were made with: a new role, or none, must
    // not keep working through an old session.
    if (roleChanged || disabled) {
        if (const auto revoked = users.revokeSessions(id); !revoked)
            return revoked.error();
    }
    AuditRepository audit(m_session);
    if (roleChanged) {
        const auto logged = audit.append(
            userEntry(context, QStringLiteral("user.update"), id,
                      QJsonObject{{QStringLiteral("role"), staffRoleName(before.role)}},
                      QJsonObject{{QStringLiteral("role"), staffRoleName(role)}}));
        if (!logged)
            return logged.error();
    }
    if (disabledChanged) {
        const auto logged = audit.append(userEntry(
            context, disabled ? QStringLiteral("user.disable") : QStringLiteral("user.enable"), id,
            QJsonObject{{QStringLiteral("disabled"), before.disabled}},
            QJsonObject{{QStringLiteral("disabled"), disabled}}));
        if (!logged)
            return logged.error();
    }
    const auto after = reread(id);
    if (!after)
        return after.error();
    if (!transaction.commit())
        return notDurable();
    return after;
}

Result<StaffUser> UserService::resetPassword(qint64 id, const QString &password,
                                             const AuditContext &context)
{
    if (auto error = checkPassword(password))
        return *error;
    const auto hash = PasswordHasher::hash(password);
    if (!hash)
        return hashFailed();
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return notDurable();
    UserRepository users(m_session);
    const auto found = users.find(id, true);
    if (!found)
        return found.error();
    if (!*found)
        return notFound(id);
    if (const auto set = users.setPasswordHash(id, *hash); !set)
        return set.error();
    if (const auto revoked = users.revokeSessions(id); !revoked)
        return revoked.error();
    const auto after = reread(id);
    if (!after)
        return after.error();
    const QString at = QStringLiteral("password_changed_at");
    if (const auto logged = AuditRepository(m_session).append(
            userEntry(context, QStringLiteral("user.reset_password"), id,
                      QJsonObject{{at, Timestamps::toIsoUtc((*found)->passwordChangedAt)}},
                      QJsonObject{{at, Timestamps::toIsoUtc(after->passwordChangedAt)}}));
        !logged)
        return logged.error();
    if (!transaction.commit())
        return notDurable();
    return after;
}

Result<StaffUser> UserService::unlock(qint64 id, const AuditContext &context)
{
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return notDurable();
    UserRepository users(m_session);
    const auto found = users.find(id, true);
    if (!found)
        return found.error();
    if (!*found)
        return notFound(id);
    const StaffUser &before = **found;
    if (const auto cleared = users.clearFailures(before.username); !cleared)
        return cleared.error();
    QJsonObject was{{QStringLiteral("failed_logins"), before.failedLogins}};
    was.insert(QStringLiteral("locked_until"),
               before.lockedUntil.isValid() ? QJsonValue(Timestamps::toIsoUtc(before.lockedUntil))
                                            : QJsonValue(QJsonValue::Null));
    if (const auto logged = AuditRepository(m_session).append(
            userEntry(context, QStringLiteral("user.unlock"), id, was,
                      QJsonObject{{QStringLiteral("failed_logins"), 0},
                                  {QStringLiteral("locked_until"), QJsonValue(QJsonValue::Null)}}));
        !logged)
        return logged.error();
    const auto after = reread(id);
    if (!after)
        return after.error();
    if (!transaction.commit())
        return notDurable();
    return after;
}

Result<StaffUser> UserService::verifyLogin(const QString &username, const QString &password,
                                           const AuditContext &context)
{
    LoginThrottle throttle(m_session, m_throttle);
    const QString key = LoginThrottle::keyFor(username);
    if (key.isEmpty()) {
        PasswordHasher::verifyDummy(password);
        return invalidCredentials();
    }
    // Before the password is looked at: a locked name gets no verdict on it,
    // yet costs the time of one verification like every other answer.
    const auto locked = throttle.lockedForSeconds(key);
    if (!locked)
        return locked.error();
    if (*locked > 0) {
        PasswordHasher::verifyDummy(password);
        // Never the name: it may be a password typed into the wrong field.
        qCInfo(lcAuth).noquote() << "refused a login for a locked name from"
                                 << context.clientAddress << "request" << context.requestId;
        return DomainError{ErrorCode::AccountLocked,
                           QStringLiteral("Too many failed logins for this name; try again later."),
                           {{QStringLiteral("retry_after"), *locked}}};
    }
    std::optional<UserRepository::Credentials> credentials;
    if (!checkUsername(key)) {
        const auto found = UserRepository(m_session).findCredentials(key);
        if (!found)
            return found.error();
        credentials = *found;
    }
    bool good = false;
    if (credentials)
        // A disabled account's password is still verified, for the time it takes.
        good = PasswordHasher::verify(credentials->passwordHash, password) &&
               !credentials->user.disabled;
    else
        PasswordHasher::verifyDummy(password);
    if (!good)
        return refuseLogin(key, credentials ? std::optional(credentials->user) : std::nullopt,
                           context);
    if (credentials->user.failedLogins > 0 || credentials->user.lockedUntil.isValid()) {
        if (const auto cleared = throttle.clear(key); !cleared)
            return cleared.error();
        credentials->user.failedLogins = 0;
        credentials->user.lockedUntil = {};
    }
    return credentials->user;
}

Result<StaffUser> UserService::refuseLogin(const QString &key, const std::optional<StaffUser> &user,
                                           const AuditContext &context)
{
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return notDurable();
    const auto failure = LoginThrottle(m_session, m_throttle).recordFailure(key);
    if (!failure)
        return failure.error();
    // The name as typed is kept (admins need it to see a guessing run); the
    // target is set only for a real account.
    const QString targetType = user ? QStringLiteral("user") : QString();
    const QString targetId = user ? QString::number(user->id) : QString();
    QJsonObject after{{QStringLiteral("username"), key},
                      {QStringLiteral("failures"), failure->failures}};
    AuditRepository audit(m_session);
    if (const auto logged = audit.append(AuditEntry{context, QStringLiteral("auth.login_failed"),
                                                    targetType, targetId, std::nullopt, after});
        !logged)
        return logged.error();
    if (failure->lockedNow) {
        after.insert(QStringLiteral("locked_until"), Timestamps::toIsoUtc(failure->lockedUntil));
        if (const auto logged = audit.append(AuditEntry{context, QStringLiteral("auth.lockout"),
                                                        targetType, targetId, std::nullopt, after});
            !logged)
            return logged.error();
    }
    if (!transaction.commit())
        return notDurable();
    // A name is logged only when it is an account's: an unknown one may be a
    // password typed into the wrong field. Never the password.
    const QString who =
        user ? QStringLiteral("user '%1'").arg(user->username) : QStringLiteral("an unknown name");
    qCInfo(lcAuth).noquote() << "failed login for" << who << "from" << context.clientAddress
                             << "request" << context.requestId << "-" << failure->failures
                             << "failures";
    if (failure->lockedNow)
        qCInfo(lcAuth).noquote() << "locked logins for" << who << "until"
                                 << Timestamps::toIsoUtc(failure->lockedUntil);
    return invalidCredentials();
}
