// Errors whose message is written for the person who used the command. The router shows a UserError's
// message as it is (ephemerally); any other error is logged and answered with a short apology.
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
