#pragma once

#include <QByteArray>
#include <QString>

#include <sys/types.h>

// Secrets on disk (the admin token, the embedded cluster's password) without
// trusting the directory they are in: the PostgreSQL account owns the cluster's
// directory, and root must not be tricked by a symlink planted there into
// overwriting, reading or chowning a file elsewhere. So names are never
// followed (O_NOFOLLOW, O_EXCL), ownership and mode are set on the open
// descriptor, and a secret is 0600 from its first byte.
namespace SecretFile {

// Writes a new file at path with mode 0600, replacing a file or symlink of that
// name (a symlink is removed, never followed). With owner set, hands the file to
// that user (as root, for the PostgreSQL account). False with *error on failure.
bool write(const QString &path, const QByteArray &data, QString *error, uid_t ownerUid = uid_t(-1),
           gid_t ownerGid = gid_t(-1));

// Reads a regular file without following a symlink. A missing file is not an
// error (*exists false); a symlink or anything but a regular file is.
bool read(const QString &path, QByteArray *data, bool *exists, QString *error);

} // namespace SecretFile
