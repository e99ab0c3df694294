/** Protocol ids and pubsub topics. Versioned: a breaking change gets a new id. */

/** Signed hello exchanged on every new direct connection. */
export const PROTOCOL_HELLO = '/vain/hello/1.0.0'

/** Gossipsub topic on which nodes announce their dialable addresses. */
export const TOPIC_DISCOVERY = '/vain/discovery/1'

/** Domain separator prepended to the hello bytes before signing. */
export const HELLO_SIGNING_CONTEXT = 'vain-hello-v1:'

/** A participant's signed, compressed update, sent to the round's coordinator. */
export const PROTOCOL_UPDATE = '/vain/update/1.0.0'
