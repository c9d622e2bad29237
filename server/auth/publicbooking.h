#pragma once

// Whether people without a staff token may book (--public-booking).
enum class PublicBooking
{
    Off,   // booking needs a clerk, shop or admin token
    Token, // anyone may book; the answer carries an access_token that alone opens that booking
    Open,  // the reference backend's behaviour: anyone may read, confirm or cancel any booking
};
