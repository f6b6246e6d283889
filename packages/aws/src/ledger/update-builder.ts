// A DynamoDB UpdateItem expression built clause by clause: SET/REMOVE and one condition, with attribute
// names behind placeholders (many, like `status`, are reserved words).

/** Collects SET/REMOVE clauses and a condition; names go through placeholders (many are reserved words). */
export class UpdateBuilder {
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};
  private conditionExpression?: string;

  set(attribute: string, value: unknown): this {
    this.names[`#${attribute}`] = attribute;
    this.values[`:set_${attribute}`] = value;
    this.sets.push(`#${attribute} = :set_${attribute}`);
    return this;
  }

  setIfDefined(attribute: string, value: unknown): this {
    return value === undefined ? this : this.set(attribute, value);
  }

  setRaw(clause: string, values: Record<string, unknown>): this {
    this.sets.push(clause);
    Object.assign(this.values, values);
    return this;
  }

  remove(...attributes: string[]): this {
    for (const attribute of attributes) {
      this.names[`#${attribute}`] = attribute;
      this.removes.push(`#${attribute}`);
    }
    return this;
  }

  /** The condition may refer to `#status`; other attribute names in it must not be reserved words. */
  condition(expression: string, values: Record<string, unknown>): this {
    this.conditionExpression = expression;
    if (expression.includes("#status")) this.names["#status"] = "status";
    Object.assign(this.values, values);
    return this;
  }

  build() {
    const remove = this.removes.length > 0 ? ` REMOVE ${this.removes.join(", ")}` : "";
    return {
      UpdateExpression: `SET ${this.sets.join(", ")}${remove}`,
      ConditionExpression: this.conditionExpression,
      ExpressionAttributeNames: this.names,
      ExpressionAttributeValues: this.values,
    };
  }
}
