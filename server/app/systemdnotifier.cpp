#include "systemdnotifier.h"

#include "logcategories.h"

#include <QLoggingCategory>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>


bool SystemdNotifier::notify(const QByteArray &state)
{
    const QByteArray name = qgetenv("NOTIFY_SOCKET");
    sockaddr_un address{};
    // An abstract name has no terminating NUL and its length counts; a path has one.
    if (name.size() < 2 || name.size() >= qsizetype(sizeof address.sun_path) ||
        (name.front() != '/' && name.front() != '@'))
        return false;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.constData(), size_t(name.size()));
    socklen_t length = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(name.size()));
    if (name.front() == '@')
        address.sun_path[0] = '\0';
    else
        ++length;
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const ssize_t sent = ::sendto(fd, state.constData(), size_t(state.size()), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr *>(&address), length);
    const int error = errno;
    ::close(fd);
    if (sent != ssize_t(state.size())) {
        qCWarning(lcServer) << "cannot tell systemd" << state
                            << "through $NOTIFY_SOCKET:" << std::strerror(error);
        return false;
    }
    return true;
}
