package dev.coral.agent.plugin.cpuprofiler.symbols;

import java.util.List;

/**
 * A piece of a demangled C++ name, printed as binutils' {@code c++filt} prints it (so users see
 * in flame graphs what perf shows them). Declarator syntax (pointers to functions and arrays)
 * needs two halves, as in LLVM's demangler: {@link #printLeft} before the declarator, then
 * {@link #printRight} after it. Printing something this model cannot render throws
 * {@link CxxNode.Unsupported}, and the caller then keeps the mangled name.
 */
sealed interface CxxNode {

    void printLeft(StringBuilder out);

    default void printRight(StringBuilder out) {
    }

    default void print(StringBuilder out) {
        printLeft(out);
        printRight(out);
    }

    /** Whether a pointer or reference to this type needs parentheses: {@code void (*)(int)}, {@code int (&) [3]}. */
    default boolean needsParentheses() {
        return false;
    }

    /** What a constructor or destructor of this scope is called: {@code A} of {@code ns::A<int>}. */
    default String baseName() {
        throw new Unsupported("constructor of " + getClass().getSimpleName());
    }

    /** Thrown for input or printing the parser does not fully understand: the mangled name is kept. */
    final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why, null, false, false); // thrown often on odd input: no stack trace
        }
    }

    /**
     * Text as it is: a builtin type, an identifier, {@code string literal}; {@code base} is what
     * constructors of it are called, which differs for the standard abbreviations
     * ({@code Ss}: {@code std::basic_string<char, ...>}, constructed by {@code basic_string}).
     */
    record Text(String text, String base) implements CxxNode {
        Text(String text) {
            this(text, text);
        }

        @Override
        public void printLeft(StringBuilder out) {
            out.append(text);
        }

        @Override
        public String baseName() {
            return base;
        }
    }

    /** {@code scope::name}. */
    record Qualified(CxxNode scope, CxxNode name) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            scope.print(out);
            out.append("::");
            name.print(out);
        }

        @Override
        public String baseName() {
            return name.baseName();
        }
    }

    /** {@code name<args>}, with c++filt's spaces ({@code > >}, {@code operator< <int>}). */
    record Template(CxxNode name, List<CxxNode> args) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            name.print(out);
            if (out.charAt(out.length() - 1) == '<') {
                out.append(' ');
            }
            out.append('<');
            printList(out, args);
            out.append(out.charAt(out.length() - 1) == '>' ? " >" : ">");
        }

        @Override
        public String baseName() {
            return name.baseName();
        }
    }

    /** An argument pack: its elements, comma separated (none for an empty pack). */
    record Pack(List<CxxNode> elements) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            printList(out, elements);
        }
    }

    /** {@code Dp}: only ever parsed in parameter lists we do not print. */
    record PackExpansion(CxxNode pattern) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            throw new Unsupported("pack expansion");
        }
    }

    /** {@code name[abi:cxx11]}. */
    record AbiTagged(CxxNode name, String tag) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            name.print(out);
            out.append("[abi:").append(tag).append(']');
        }

        @Override
        public String baseName() {
            return name.baseName();
        }
    }

    /** A constructor or destructor, named after its class. */
    record Structor(String className, boolean destructor) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            out.append(destructor ? "~" : "").append(className);
        }
    }

    /** {@code operator+}, {@code operator new} (a space before a word, as c++filt). */
    record Operator(String symbol) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            out.append("operator");
            if (Character.isLowerCase(symbol.charAt(0))) {
                out.append(' ');
            }
            out.append(symbol);
        }
    }

    /** {@code operator int}. */
    record Conversion(CxxNode type) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            out.append("operator ");
            type.print(out);
        }
    }

    /** {@code int const}, {@code char const volatile}: qualifiers after the type, as c++filt. */
    record CvQualified(CxxNode inner, String qualifiers) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            if (inner.needsParentheses()) {
                throw new Unsupported("qualified array or function");
            }
            inner.printLeft(out);
            out.append(qualifiers);
        }

        @Override
        public void printRight(StringBuilder out) {
            inner.printRight(out);
        }
    }

    /** {@code T*}, {@code T&}, {@code T&&}; {@code void (*)(int)}. */
    record Pointer(CxxNode pointee, String symbol) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            pointee.printLeft(out);
            if (pointee.needsParentheses()) {
                out.append(pointee instanceof ArrayType ? " (" : "(");
            }
            out.append(symbol);
        }

        @Override
        public void printRight(StringBuilder out) {
            if (pointee.needsParentheses()) {
                out.append(')');
            }
            pointee.printRight(out);
        }
    }

    /** {@code int [3]}, {@code int [2][3]}. */
    record ArrayType(CxxNode element, String dimension) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            element.printLeft(out);
        }

        @Override
        public void printRight(StringBuilder out) {
            out.append(out.charAt(out.length() - 1) == ']' ? "[" : " [").append(dimension).append(']');
            element.printRight(out);
        }

        @Override
        public boolean needsParentheses() {
            return true;
        }
    }

    /** {@code void (int)}; with {@code qualifiers} such as {@code  const} or {@code  &&} for member functions. */
    record FunctionType(CxxNode returnType, List<CxxNode> parameters, String qualifiers) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            if (returnType.needsParentheses()) {
                throw new Unsupported("function returning a function or array pointer");
            }
            returnType.print(out);
            out.append(' ');
        }

        @Override
        public void printRight(StringBuilder out) {
            printParameters(out, parameters);
            out.append(qualifiers);
        }

        @Override
        public boolean needsParentheses() {
            return true;
        }
    }

    /** {@code int A::*}, {@code void (A::*)() const}. */
    record MemberPointer(CxxNode owner, CxxNode member) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            member.printLeft(out);
            out.append(member.needsParentheses() ? "(" : " ");
            owner.print(out);
            out.append("::*");
        }

        @Override
        public void printRight(StringBuilder out) {
            if (member.needsParentheses()) {
                out.append(')');
            }
            member.printRight(out);
        }
    }

    /** A function with its parameters where c++filt prints them: {@code A::f()::x}, thunks, {@code f<foo()>}. */
    record Function(CxxNode returnType, CxxNode name, List<CxxNode> parameters, String qualifiers) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            if (returnType != null) {
                if (returnType.needsParentheses()) {
                    throw new Unsupported("function returning a function or array pointer");
                }
                returnType.print(out);
                out.append(' ');
            }
            name.print(out);
            printParameters(out, parameters);
            out.append(qualifiers);
        }
    }

    /** {@code outer::entity} for names local to a function. */
    record Local(CxxNode function, CxxNode entity) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            function.print(out);
            out.append("::");
            entity.print(out);
        }

        @Override
        public String baseName() {
            return entity.baseName();
        }
    }

    /** {@code {lambda(int)#2}}. */
    record Lambda(List<CxxNode> parameters, int number) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            out.append("{lambda");
            printParameters(out, parameters);
            out.append('#').append(number).append('}');
        }
    }

    /** {@code vtable for A}, {@code non-virtual thunk to A::f()}... */
    record Special(String prefix, CxxNode of) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            out.append(prefix);
            of.print(out);
        }
    }

    /** {@code construction vtable for B-in-A}. */
    record ConstructionVtable(CxxNode complete, CxxNode base) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            out.append("construction vtable for ");
            base.print(out);
            out.append("-in-");
            complete.print(out);
        }
    }

    /** {@code &x}, {@code &A::f}, {@code &(f())} in a template argument. */
    record AddressOf(CxxNode target, boolean parenthesized) implements CxxNode {
        @Override
        public void printLeft(StringBuilder out) {
            out.append(parenthesized ? "&(" : "&");
            target.print(out);
            if (parenthesized) {
                out.append(')');
            }
        }
    }

    /** Bounds what a name may print to: substitutions can nest into exponential output. */
    int MAX_LENGTH = 8192;

    private static void printList(StringBuilder out, List<CxxNode> nodes) {
        boolean first = true;
        for (CxxNode node : nodes) {
            int before = out.length();
            if (!first) {
                out.append(", ");
            }
            int start = out.length();
            node.print(out);
            if (out.length() == start) {
                out.setLength(before); // an empty pack: no separator either
            } else {
                first = false;
            }
            if (out.length() > MAX_LENGTH) {
                throw new Unsupported("name too long");
            }
        }
    }

    private static void printParameters(StringBuilder out, List<CxxNode> parameters) {
        out.append('(');
        boolean onlyVoid = parameters.size() == 1 && parameters.getFirst() instanceof Text text && text.text().equals("void");
        if (!onlyVoid) {
            printList(out, parameters);
        }
        out.append(')');
    }
}
