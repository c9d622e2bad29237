#pragma once

class DatabaseSession;

// A handful of realistic shows for a first run, so the client has something to show.
namespace SampleShows {
bool createIfEmpty(DatabaseSession &session);
}
