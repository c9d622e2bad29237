#include "secretfile.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
QString systemError(const QString &what, const QString &path)
{
    return QStringLiteral("%1 %2: %3").arg(what, path, QString::fromLocal8Bit(strerror(errno)));
}

class Descriptor
{
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};
} // namespace

namespace SecretFile {

bool write(const QString &path, const QByteArray &data, QString *error, uid_t ownerUid,
           gid_t ownerGid)
{
    const QByteArray name = QFile::encodeName(path);
    // unlink() removes a planted symlink itself; O_EXCL then refuses whatever
    // appears in its place before open(), so the name is never followed.
    if (::unlink(name.constData()) != 0 && errno != ENOENT) {
        *error = systemError(QStringLiteral("cannot replace"), path);
        return false;
    }
    Descriptor fd(
        ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0) {
        *error = systemError(QStringLiteral("cannot create"), path);
        return false;
    }
    if (ownerUid != uid_t(-1) && ::fchown(fd.get(), ownerUid, ownerGid) != 0) {
        *error = systemError(QStringLiteral("cannot hand over"), path);
        return false;
    }
    qsizetype written = 0;
    while (written < data.size()) {
        const ssize_t n =
            ::write(fd.get(), data.constData() + written, size_t(data.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = systemError(QStringLiteral("cannot write"), path);
            return false;
        }
        written += n;
    }
    return true;
}

bool read(const QString &path, QByteArray *data, bool *exists, QString *error)
{
    *exists = false;
    data->clear();
    // O_NONBLOCK: a planted FIFO must not hang the start.
    Descriptor fd(::open(QFile::encodeName(path).constData(),
                         O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT)
            return true;
        *error = errno == ELOOP
                     ? QStringLiteral("%1 is a symbolic link; refusing to follow it").arg(path)
                     : systemError(QStringLiteral("cannot read"), path);
        return false;
    }
    struct stat info;
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
        *error = QStringLiteral("%1 is not a regular file").arg(path);
        return false;
    }
    *exists = true;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = systemError(QStringLiteral("cannot read"), path);
            return false;
        }
        if (n == 0)
            return true;
        data->append(buffer, n);
        if (data->size() > 65536) {
            *error = QStringLiteral("%1 is too large for a secret").arg(path);
            return false;
        }
    }
}

} // namespace SecretFile
