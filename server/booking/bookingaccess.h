#pragma once

#include <QByteArray>
#include <QtGlobal>

// Which bookings a caller may read, confirm or cancel, and what a booking it
// makes records about it. Built from the request's Principal by
// BookingAccessPolicy (server/http); the booking layer knows no principals,
// only this. The scope travels into SQL (booking_in_scope, migration 008), so
// checking it and changing the booking are one statement.
struct BookingAccess
{
    enum class Scope
    {
        None,     // nothing (an anonymous caller when public booking is not "open")
        Any,      // every booking: admin, clerk, bootstrap admin; anonymous in "open" mode
        OwnToken, // the bookings made with tokenId (a shop's API token)
        Holder,   // the one booking whose access token hashes to accessHash
    };
    Scope scope = Scope::None;
    // The caller's auth_tokens.id (0: none), stored as the booking's created_by_token_id.
    qint64 tokenId = 0;
    // Holder: SHA-256 of the booking access token presented.
    QByteArray accessHash;
    // An anonymous caller with --public-booking token: each booking it makes
    // gets its own access token, shown in the answer.
    bool issuesAccessToken = false;

    static BookingAccess any(qint64 tokenId = 0) { return {Scope::Any, tokenId, {}, false}; }
    static BookingAccess ownToken(qint64 tokenId) { return {Scope::OwnToken, tokenId, {}, false}; }
    static BookingAccess holder(const QByteArray &hash) { return {Scope::Holder, 0, hash, false}; }
    static BookingAccess none() { return {}; }
};
