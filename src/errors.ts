/** An expected failure with a message meant for the user (shown briefly, not logged as an error). */
export class UserFacingError extends Error {}
